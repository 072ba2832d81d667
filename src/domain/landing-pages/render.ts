import type { LandingPageRow } from "../../db/schema";
import { escapeHtml } from "../../platform/html";

const color = (value: string | undefined, fallback: string) => (value && /^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback);
const font = (value: string | undefined) => (value && /^[\w\s-]{1,60}$/.test(value) ? value : "Inter");

const LABELS: Record<string, string> = {
  first_name: "First name",
  last_name: "Last name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  position: "Job title",
  message: "Message",
};
const TYPES: Record<string, string> = { email: "email", phone: "tel" };
const autocomplete = (name: string) =>
  name === "first_name"
    ? "given-name"
    : name === "last_name"
      ? "family-name"
      : name === "company"
        ? "organization"
        : name === "phone"
          ? "tel"
          : name;

/** The page's form: a real form posting to the public form endpoint, with its honeypot. */
function formHtml(section: Record<string, unknown>, form: { id: string; honeypotField: string }): string {
  const content = (section.content ?? {}) as { heading?: string; fields?: unknown; submitLabel?: string };
  const fields =
    Array.isArray(content.fields) && content.fields.every((f) => typeof f === "string" && /^[a-z_]{1,40}$/.test(f))
      ? (content.fields as string[])
      : ["first_name", "last_name", "email", "company"];
  const inputs = fields
    .map((name) => {
      const label = LABELS[name] ?? name.replace(/_/g, " ");
      const required = name === "email" ? " required" : "";
      const input = `<input name="${name}" type="${TYPES[name] ?? "text"}"${required} autocomplete="${autocomplete(name)}">`;
      return `<label>${escapeHtml(label)}${input}</label>`;
    })
    .join("");
  const label = escapeHtml(String(content.submitLabel ?? section.label ?? "Submit"));
  // The honeypot: invisible to people, filled in by bots; a filled one is dropped at /f/.
  const honeypot = `<label class="hp" aria-hidden="true">Leave empty<input name="${escapeHtml(form.honeypotField)}" tabindex="-1" autocomplete="off"></label>`;
  const heading = escapeHtml(String(content.heading ?? section.label ?? "Get in touch"));
  const post = `<form method="post" action="/f/${escapeHtml(form.id)}">${inputs}${honeypot}<button type="submit">${label}</button></form>`;
  return `<section class="section section-form" id="form"><h2>${heading}</h2>${post}</section>`;
}

/**
 * A published page as a complete, responsive HTML document: SEO meta, the page's style, its
 * (sanitised) content, and its form section as a form of the flow the page is linked to.
 */
export function renderPage(page: LandingPageRow, form: { id: string; honeypotField: string } | null, canonical: string): string {
  const title = escapeHtml(page.seo.title ?? page.name);
  const description = escapeHtml(page.seo.metaDescription ?? page.description ?? "");
  const primary = color(page.style.primaryColor, "#4f46e5");
  const background = color(page.style.backgroundColor, "#ffffff");
  const formSection = page.sections.find((s) => s.type === "form" && s.visible !== false);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${description}">
<meta property="og:type" content="website">
<link rel="canonical" href="${escapeHtml(canonical)}">
<style>
:root{--primary:${primary};--background:${background}}
*{box-sizing:border-box}
body{margin:0;font-family:"${font(page.style.fontFamily)}",system-ui,sans-serif;background:var(--background);color:#111827;line-height:1.6}
main{max-width:960px;margin:0 auto;padding:2rem 1.25rem}
.section{padding:2.5rem 0;border-bottom:1px solid #e5e7eb}
.section-hero h2,h1{font-size:clamp(1.8rem,5vw,3rem);color:var(--primary);margin:0 0 .5rem}
ul{padding-left:1.2rem}
img{max-width:100%;height:auto}
form{display:grid;gap:1rem;max-width:480px}
label{display:grid;gap:.25rem;font-weight:600}
input{font:inherit;padding:.7rem .8rem;border:1px solid #d1d5db;border-radius:.5rem}
button{font:inherit;font-weight:700;padding:.8rem 1.2rem;border:0;border-radius:.5rem;background:var(--primary);color:#fff;cursor:pointer}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (min-width:720px){main{padding:3rem 2rem}}
</style>
</head>
<body>
<main>
${page.content}
${formSection && form ? formHtml(formSection, form) : ""}
</main>
</body>
</html>`;
}

import type { LandingPageRow } from "../../db/schema";
import { escapeHtml } from "../../platform/html";
import { paletteOf } from "./contrast";
import { pageStyle } from "./page-style";
import { sectionsHtml } from "./sections";

const color = (value: string | undefined, fallback: string) => (value && /^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback);
const font = (value: string | undefined) => (value && /^[\w\s-]{1,60}$/.test(value) ? value : "Inter");

const LABELS: Record<string, string> = {
  first_name: "First name",
  last_name: "Last name",
  email: "Work email",
  phone: "Phone",
  company: "Company",
  position: "Job title",
  message: "Message",
};
const TYPES: Record<string, string> = { email: "email", phone: "tel" };
const AUTOCOMPLETE: Record<string, string> = {
  first_name: "given-name",
  last_name: "family-name",
  email: "email",
  phone: "tel",
  company: "organization",
  position: "organization-title",
};

/** The page's form: a real form posting to the public form endpoint, a label on every field, and its honeypot. */
function formHtml(section: Record<string, unknown>, form: { id: string; honeypotField: string }): string {
  const content = (section.content ?? {}) as { heading?: string; text?: string; fields?: unknown; submitLabel?: string };
  const fields =
    Array.isArray(content.fields) && content.fields.every((f) => typeof f === "string" && /^[a-z_]{1,40}$/.test(f))
      ? (content.fields as string[])
      : ["first_name", "last_name", "email", "company"];
  const inputs = fields
    .map((name) => {
      const label = LABELS[name] ?? name.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());
      const required = name === "email";
      const marker = required ? ` <span class="required">(required)</span>` : "";
      const auto = AUTOCOMPLETE[name] ? ` autocomplete="${AUTOCOMPLETE[name]}"` : "";
      const input = `<input name="${name}" type="${TYPES[name] ?? "text"}"${required ? " required" : ""}${auto} id="field-${name}">`;
      return `<div class="field"><label for="field-${name}">${escapeHtml(label)}${marker}</label>${input}</div>`;
    })
    .join("");
  const label = escapeHtml(String(content.submitLabel ?? section.label ?? "Submit"));
  // The honeypot: invisible to people (and to screen readers), filled in by bots; a filled one is dropped at /f/.
  const trap = escapeHtml(form.honeypotField);
  const honeypot = `<div class="hp" aria-hidden="true"><label for="field-${trap}">Leave empty</label><input name="${trap}" id="field-${trap}" tabindex="-1" autocomplete="off"></div>`;
  const heading = escapeHtml(String(content.heading ?? section.label ?? "Get in touch"));
  const intro = typeof content.text === "string" && content.text ? `<p>${escapeHtml(content.text)}</p>` : "";
  const post = `<form method="post" action="/f/${escapeHtml(form.id)}">${inputs}${honeypot}<button type="submit">${label}</button></form>`;
  return `<section class="section section-form" id="form"><div class="form-card"><h2>${heading}</h2>${intro}${post}</div></section>`;
}

function footerHtml(tenantName: string, hasForm: boolean): string {
  const owner = escapeHtml(tenantName || "the page's owner");
  const notice = hasForm
    ? `The details you send with this form go to ${owner}, who uses them to answer your request.`
    : `${owner} publishes this page.`;
  return `<footer class="site-footer"><nav aria-label="Footer"><span>${owner}</span><a href="#privacy">Privacy</a></nav><p id="privacy">Privacy: ${notice} This page runs no scripts and sets no cookies.</p></footer>`;
}

/**
 * A published page as a complete, responsive HTML document in the design system: SEO meta, a
 * palette derived from the page's colours that reaches WCAG AA, the page's (sanitised) content, or
 * its sections drawn when it has no content of its own, the form of the flow it is linked to, and
 * a footer with the tenant's name and a privacy notice.
 */
export function renderPage(
  page: LandingPageRow,
  form: { id: string; honeypotField: string } | null,
  canonical: string,
  tenantName: string,
): string {
  const title = escapeHtml(page.seo.title ?? page.name);
  const description = escapeHtml(page.seo.metaDescription ?? page.description ?? "");
  const palette = paletteOf(color(page.style.primaryColor, "#4f46e5"), color(page.style.backgroundColor, "#ffffff"));
  const formSection = page.sections.find((s) => s.type === "form" && s.visible !== false);
  const body = page.content.trim() ? page.content : sectionsHtml(page.sections);
  const formPart = formSection && form ? formHtml(formSection, form) : "";
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
<meta name="theme-color" content="${palette.primary}">
<link rel="canonical" href="${escapeHtml(canonical)}">
<style>
${pageStyle(palette, font(page.style.fontFamily))}
</style>
</head>
<body>
<a class="skip" href="#${formPart ? "form" : "main"}">Skip to ${formPart ? "the form" : "content"}</a>
<main id="main">
${body}
${formPart}
</main>
${footerHtml(tenantName, formPart !== "")}
</body>
</html>`;
}

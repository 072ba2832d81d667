// The page's sections as HTML in the design system's classes (styled by page-style.ts): a hero band
// with the call to action, feature cards, agenda, speakers, FAQ, testimonials, pricing and a
// closing call to action. A section is drawn only when its content has what it shows: no section
// falls back to made-up people, quotes or figures. The form section is the renderer's.
import { escapeHtml } from "../../platform/html";

type Content = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown) => escapeHtml(str(v) ?? "");
const heading = (c: Content, fallback: string) => escapeHtml(str(c.heading) ?? fallback);
/** Items as objects: a plain string becomes { [key]: string }. */
const records = (v: unknown, key: string): Content[] =>
  list(v).flatMap((item) =>
    typeof item === "string" && item.trim() ? [{ [key]: item }] : item && typeof item === "object" ? [item as Content] : [],
  );

const wrap = (type: string, id: string, inner: string) =>
  `<section class="section section-${escapeHtml(type)}" data-section="${escapeHtml(id)}">${inner}</section>`;

function hero(c: Content, formLabel: string | null): string | null {
  const title = str(c.heading);
  if (!title) return null;
  const sub = str(c.text) ? `<p class="lead">${text(c.text)}</p>` : "";
  const when = str(c.when) ? `<p class="when">${text(c.when)}</p>` : "";
  const cta = str(c.cta) ?? formLabel;
  const button = cta ? `<a class="button" href="#form">${escapeHtml(cta)}</a>` : "";
  return `<div class="hero-inner"><h1>${escapeHtml(title)}</h1>${sub}${when}${button}</div>`;
}

function features(c: Content): string | null {
  const items = records(c.items, "title").filter((i) => str(i.title) || str(i.text));
  if (items.length === 0) return null;
  const cards = items.map(
    (i) => `<li class="card">${str(i.title) ? `<h3>${text(i.title)}</h3>` : ""}${str(i.text) ? `<p>${text(i.text)}</p>` : ""}</li>`,
  );
  return `<h2>${heading(c, "Features")}</h2><ul class="cards">${cards.join("")}</ul>`;
}

function agenda(c: Content): string | null {
  const items = records(c.items, "title").filter((i) => str(i.title));
  if (items.length === 0) return null;
  const rows = items.map((i) => `<li>${str(i.time) ? `<span class="time">${text(i.time)}</span>` : ""}<span>${text(i.title)}</span></li>`);
  return `<h2>${heading(c, "Agenda")}</h2><ol class="agenda">${rows.join("")}</ol>`;
}

function speakers(c: Content): string | null {
  const people = [...(str(c.name) ? [c] : []), ...records(c.speakers ?? c.items, "name")].filter((p) => str(p.name));
  if (people.length === 0) return null;
  const cards = people.map(
    (p) =>
      `<li class="card person"><h3>${text(p.name)}</h3>${str(p.role) ? `<p class="role">${text(p.role)}</p>` : ""}${str(p.bio) ? `<p>${text(p.bio)}</p>` : ""}</li>`,
  );
  return `<h2>${heading(c, people.length > 1 ? "Speakers" : "Your speaker")}</h2><ul class="cards">${cards.join("")}</ul>`;
}

function testimonials(c: Content): string | null {
  const quotes = records(c.items, "quote").filter((q) => str(q.quote) && str(q.author));
  if (quotes.length === 0) return null;
  const figures = quotes.map(
    (q) =>
      `<li class="card"><figure><blockquote><p>${text(q.quote)}</p></blockquote><figcaption>${text(q.author)}${str(q.role) ? `, ${text(q.role)}` : ""}</figcaption></figure></li>`,
  );
  return `<h2>${heading(c, "What people say")}</h2><ul class="cards">${figures.join("")}</ul>`;
}

function faq(c: Content): string | null {
  const pairs = records(c.items, "question").filter((q) => str(q.question) && str(q.answer));
  if (pairs.length === 0) return null;
  const entries = pairs.map((q) => `<dt>${text(q.question)}</dt><dd>${text(q.answer)}</dd>`);
  return `<h2>${heading(c, "Frequently asked questions")}</h2><dl class="faq">${entries.join("")}</dl>`;
}

function pricing(c: Content): string | null {
  const plans = records(c.items, "name").filter((p) => str(p.name) && str(p.price));
  if (plans.length === 0) return null;
  const cards = plans.map(
    (p) =>
      `<li class="card plan"><h3>${text(p.name)}</h3><p class="price">${text(p.price)}</p>${str(p.text) ? `<p>${text(p.text)}</p>` : ""}</li>`,
  );
  return `<h2>${heading(c, "Pricing")}</h2><ul class="cards">${cards.join("")}</ul>`;
}

function generic(c: Content): string | null {
  const title = str(c.heading);
  const body = str(c.text);
  const items = list(c.items).flatMap((i) => (str(i) ? [`<li>${text(i)}</li>`] : []));
  if (!title && !body && items.length === 0) return null;
  return `${title ? `<h2>${escapeHtml(title)}</h2>` : ""}${body ? `<p>${escapeHtml(body)}</p>` : ""}${items.length ? `<ul>${items.join("")}</ul>` : ""}`;
}

function cta(c: Content, formLabel: string | null): string | null {
  const body = generic(c);
  const label = str(c.cta) ?? formLabel;
  if (!body && !label) return null;
  return `${body ?? ""}${label ? `<a class="button" href="#form">${escapeHtml(label)}</a>` : ""}`;
}

const DRAWERS: Record<string, (c: Content, formLabel: string | null) => string | null> = {
  hero,
  features,
  agenda,
  speaker: speakers,
  speakers,
  testimonials,
  faq,
  pricing,
  cta,
};

/** The visible sections but the form, in order, as the page body. */
export function sectionsHtml(sections: Record<string, unknown>[]): string {
  const visible = sections
    .filter((s) => s.visible !== false && s.type !== "form")
    .sort((a, b) => (typeof a.order === "number" ? a.order : 0) - (typeof b.order === "number" ? b.order : 0));
  const form = sections.find((s) => s.type === "form" && s.visible !== false);
  const formLabel = form ? (str((form.content as Content | undefined)?.submitLabel) ?? str(form.label)) : null;
  const html = visible.flatMap((s) => {
    const c = (s.content && typeof s.content === "object" ? s.content : {}) as Content;
    const type = String(s.type);
    const draw = DRAWERS[type] ?? generic;
    const inner = draw(c, formLabel);
    return inner ? [wrap(type, String(s.sectionId ?? `${type}-1`), inner)] : [];
  });
  return html.join("");
}

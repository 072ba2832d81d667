import { describe, expect, it } from "vitest";
import { landingPageTemplate } from "../../src/domain/generation/landing-page";
import { sectionsHtml } from "../../src/domain/landing-pages/sections";
import { sanitizeHtml } from "../../src/platform/sanitize-html";

const RICH =
  "A webinar registration page for our Q3 pipeline review on March 3 at 2 pm ET. Features: live dashboards, CRM sync. " +
  "Agenda: 14:00 Welcome; 14:10 Demo. Speakers: Jane Doe, VP Sales; Raj Patel, CTO. " +
  '"We doubled our pipeline." — Maria Lopez, Head of Growth. Starter $29/month. FAQ: Is it free? Yes, it is free.';

describe("the landing-page design system", () => {
  it("survives the sanitiser unchanged: every element and class it uses is allowed", async () => {
    const page = landingPageTemplate({ prompt: RICH });
    expect(page.sections.map((s) => s.type)).toEqual(["hero", "features", "agenda", "speaker", "testimonials", "pricing", "faq", "form"]);
    expect(await sanitizeHtml(page.content)).toBe(page.content);
  });

  it("escapes what a page's sections say", () => {
    const html = sectionsHtml([
      { type: "hero", sectionId: "hero-1", order: 0, content: { heading: "<script>alert(1)</script>", text: 'a "quote" & more' } },
    ]);
    expect(html).toContain("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(html).toContain("a &quot;quote&quot; &amp; more");
  });

  it("draws sections in order, hides invisible ones and ones without content", () => {
    const html = sectionsHtml([
      { type: "features", sectionId: "f", order: 2, content: { items: ["Fast"] } },
      { type: "hero", sectionId: "h", order: 1, content: { heading: "Hi" } },
      { type: "testimonials", sectionId: "t", order: 3, content: { items: ["An unattributed quote"] } },
      { type: "pricing", sectionId: "p", order: 4, content: { items: ["Starter", "Growth"] } },
      { type: "agenda", sectionId: "a", order: 5, visible: false, content: { items: ["Welcome"] } },
    ]);
    expect(html).toBe(
      '<section class="section section-hero" data-section="h"><div class="hero-inner"><h1>Hi</h1></div></section>' +
        '<section class="section section-features" data-section="f"><h2>Features</h2><ul class="cards"><li class="card"><h3>Fast</h3></li></ul></section>',
    );
  });
});

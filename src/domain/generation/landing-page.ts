import { z } from "zod";
import { escapeHtml } from "../../platform/html";
import { askModel, type Provenance } from "../../platform/language-model";
import { sanitizeHtml } from "../../platform/sanitize-html";
import type { Ctx } from "../context";
import { slugOf } from "../slug";
import { LANDING_PAGE_PROMPT } from "./prompts";
import { firstSentence, mentions, titleCase } from "./words";

export interface LandingPageRequest {
  prompt: string;
  industry?: string;
  goal?: string;
  tone?: string;
}

export const Section = z.object({
  sectionId: z.string().min(1).max(64),
  type: z.string().min(1).max(40),
  label: z.string().max(200),
  visible: z.boolean(),
  order: z.number().int().min(0),
  content: z.record(z.string(), z.unknown()).optional(),
});
export const LandingPage = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(1000),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(80),
  sections: z.array(Section).min(1).max(20),
  seo: z.object({ title: z.string().max(120), metaDescription: z.string().max(320) }),
  style: z.object({
    primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    backgroundColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    fontFamily: z.string().max(60),
  }),
  content: z.string().max(100_000),
});
export type LandingPage = z.infer<typeof LandingPage>;

/** A landing page: the configured model's when it gives a valid one, else the template's. */
export async function generateLandingPage(ctx: Ctx, request: LandingPageRequest): Promise<{ page: LandingPage; provenance: Provenance }> {
  const answer = await askModel(ctx, {
    system: LANDING_PAGE_PROMPT,
    input: { task: "generate_landing_page", ...request },
    answer: LandingPage,
    maxTokens: 6000,
  });
  // Model-written HTML is sanitised before anyone sees it, not only when a page is saved.
  if (answer.ok) return { page: { ...answer.value, content: await sanitizeHtml(answer.value.content) }, provenance: answer.provenance };
  return { page: landingPageTemplate(request), provenance: answer.provenance };
}

const STYLES: Record<string, LandingPage["style"]> = {
  professional: { primaryColor: "#4f46e5", backgroundColor: "#ffffff", fontFamily: "Inter" },
  modern: { primaryColor: "#0ea5e9", backgroundColor: "#0b1120", fontFamily: "Manrope" },
  playful: { primaryColor: "#f59e0b", backgroundColor: "#fffbeb", fontFamily: "Nunito" },
};

/**
 * The template: a hero, then the sections the prompt's nouns ask for (a webinar gets an agenda and
 * a speaker; features, testimonials, pricing and FAQ when named), and a form whenever the page
 * collects leads, which is always unless the goal says otherwise.
 */
export function landingPageTemplate(request: LandingPageRequest): LandingPage {
  const { prompt } = request;
  const webinar = mentions(prompt, "webinar") || mentions(request.goal ?? "", "webinar");
  const subject = webinar
    ? mentions(prompt, "demo")
      ? "Product Demo Webinar"
      : "Live Webinar"
    : mentions(prompt, "ebook", "e-book", "guide")
      ? "Free Guide"
      : mentions(prompt, "trial")
        ? "Start Your Free Trial"
        : `${titleCase(request.industry ?? "Our")} Solution`;
  const goal = request.goal ?? (webinar ? "webinar registration" : "lead generation");
  const formLabel = webinar ? "Register Now" : mentions(goal, "signup", "sign up", "trial") ? "Sign Up" : "Get in Touch";
  const wanted: { type: string; label: string; content: Record<string, unknown> }[] = [
    { type: "hero", label: "Hero", content: { heading: subject, text: firstSentence(prompt, 200), cta: formLabel } },
  ];
  if (mentions(prompt, "feature", "benefit", "learn") || webinar) {
    wanted.push({
      type: "features",
      label: webinar ? "What You'll Learn" : "Features",
      content: {
        heading: webinar ? "What you'll learn" : "Why teams choose us",
        items: [
          "Save hours of manual work every week",
          "See results in your first month",
          `Built for ${request.industry ?? "teams like yours"}`,
        ],
      },
    });
  }
  if (webinar)
    wanted.push({
      type: "agenda",
      label: "Agenda",
      content: { heading: "Agenda", items: ["Welcome and introductions", "Live product walkthrough", "Q&A"] },
    });
  if (webinar || mentions(prompt, "speaker", "bio", "host"))
    wanted.push({
      type: "speaker",
      label: "Your Speaker",
      content: { heading: "Meet your speaker", name: "Your host", bio: "A product expert who works with customers every day." },
    });
  if (mentions(prompt, "testimonial", "review", "social proof"))
    wanted.push({
      type: "testimonials",
      label: "What Customers Say",
      content: { heading: "What customers say", items: ['"It paid for itself in a quarter."'] },
    });
  if (mentions(prompt, "pricing", "plans"))
    wanted.push({ type: "pricing", label: "Pricing", content: { heading: "Simple pricing", items: ["Starter", "Growth", "Enterprise"] } });
  if (mentions(prompt, "faq", "question"))
    wanted.push({
      type: "faq",
      label: "FAQ",
      content: { heading: "Frequently asked questions", items: ["How long does setup take? About a day."] },
    });
  if (!mentions(goal, "awareness", "information"))
    wanted.push({
      type: "form",
      label: formLabel,
      content: { heading: formLabel, fields: ["first_name", "last_name", "email", "company"], submitLabel: formLabel },
    });

  const sections = wanted.map((s, order) => ({
    sectionId: `${s.type}-1`,
    type: s.type,
    label: s.label,
    visible: true,
    order,
    content: s.content,
  }));
  const tone =
    request.tone && mentions(request.tone, "modern", "bold")
      ? "modern"
      : request.tone && mentions(request.tone, "playful", "fun", "friendly")
        ? "playful"
        : "professional";
  const description = `${titleCase(goal)} landing page`;
  // The form section is left to the server, which renders it as a form of the page's flow.
  const html = sections
    .filter((s) => s.type !== "form")
    .map((s) => {
      const c = s.content as { heading?: string; text?: string; items?: string[]; name?: string; bio?: string };
      const items = c.items ? `<ul>${c.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>` : "";
      const text = c.text ? `<p>${escapeHtml(c.text)}</p>` : "";
      const name = c.name ? `<p><strong>${escapeHtml(c.name)}</strong></p>` : "";
      const bio = c.bio ? `<p>${escapeHtml(c.bio)}</p>` : "";
      const body = `<h2>${escapeHtml(c.heading ?? s.label)}</h2>${text}${name}${bio}${items}`;
      return `<section data-section="${s.sectionId}" class="section section-${s.type}">${body}</section>`;
    })
    .join("");
  return {
    name: subject,
    description,
    slug: slugOf(subject, "landing-page"),
    sections,
    seo: { title: subject.slice(0, 60), metaDescription: `${firstSentence(prompt, 150)}.`.slice(0, 160) },
    style: STYLES[tone]!,
    content: `<div class="page">${html}</div>`,
  };
}

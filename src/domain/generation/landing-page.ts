import { z } from "zod";
import { askModel } from "../../platform/language-model";
import { sanitizeHtml } from "../../platform/sanitize-html";
import type { Ctx } from "../context";
import { sectionsHtml } from "../landing-pages/sections";
import { slugOf } from "../slug";
import { checkedAnswer, checkPageFont, type GenerationProvenance } from "./answer-checks";
import { promptCopy, subHeadlineOf } from "./page-copy";
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

/**
 * A landing page: the configured model's when it gives a valid one that POST /v1/landing-pages
 * accepts (its font list cut to the first family), else the template's.
 */
export async function generateLandingPage(
  ctx: Ctx,
  request: LandingPageRequest,
): Promise<{ page: LandingPage; provenance: GenerationProvenance }> {
  const answer = await askModel(ctx, {
    system: LANDING_PAGE_PROMPT,
    input: { task: "generate_landing_page", ...request },
    answer: LandingPage,
    maxTokens: 6000,
  });
  const { value, provenance } = checkedAnswer(answer, checkPageFont);
  // Model-written HTML is sanitised before anyone sees it, not only when a page is saved.
  if (value) return { page: { ...value, content: await sanitizeHtml(value.content) }, provenance };
  return { page: landingPageTemplate(request), provenance };
}

const STYLES: Record<string, LandingPage["style"]> = {
  professional: { primaryColor: "#4f46e5", backgroundColor: "#ffffff", fontFamily: "Inter" },
  modern: { primaryColor: "#0ea5e9", backgroundColor: "#0b1120", fontFamily: "Manrope" },
  playful: { primaryColor: "#f59e0b", backgroundColor: "#fffbeb", fontFamily: "Nunito" },
};

/**
 * The template: a hero band (the subject, a sub-headline from the prompt, a call to action), then
 * the sections the prompt supplies content for (features it lists, or what a webinar visitor gets;
 * an agenda, speakers, questions with answers, attributed quotes and prices only when the prompt
 * names them), and a form whenever the page collects leads, which is always unless the goal says
 * otherwise. Nothing is made up: no person, quote or figure appears that the prompt did not give.
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
  const copy = promptCopy(prompt);
  const hero: Record<string, unknown> = {
    heading: subject,
    // The date has its own line in the hero; the sub-headline does not say it twice.
    text: subHeadlineOf(firstSentence(prompt, 200).replace(copy.when ? ` on ${copy.when}` : "", ""), webinar),
    cta: formLabel,
    ...(copy.when ? { when: copy.when } : {}),
  };
  const wanted: { type: string; label: string; content: Record<string, unknown> }[] = [{ type: "hero", label: "Hero", content: hero }];
  const features = copy.features.length > 0 ? copy.features : webinar ? webinarCards(request.industry) : [];
  if (features.length > 0)
    wanted.push({
      type: "features",
      label: webinar ? "What You'll Learn" : "Features",
      content: { heading: webinar ? "What you'll get" : "Features", items: features },
    });
  if (copy.agenda.length > 0) wanted.push({ type: "agenda", label: "Agenda", content: { heading: "Agenda", items: copy.agenda } });
  if (copy.speakers.length > 0)
    wanted.push({
      type: "speaker",
      label: copy.speakers.length > 1 ? "Speakers" : "Your Speaker",
      content: { heading: copy.speakers.length > 1 ? "Speakers" : "Your speaker", speakers: copy.speakers },
    });
  if (copy.testimonials.length > 0)
    wanted.push({ type: "testimonials", label: "What People Say", content: { heading: "What people say", items: copy.testimonials } });
  if (copy.pricing.length > 0) wanted.push({ type: "pricing", label: "Pricing", content: { heading: "Pricing", items: copy.pricing } });
  if (copy.faq.length > 0) wanted.push({ type: "faq", label: "FAQ", content: { heading: "Frequently asked questions", items: copy.faq } });
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
  return {
    name: subject,
    description: `${goal.charAt(0).toUpperCase()}${goal.slice(1)} landing page`,
    slug: slugOf(subject, "landing-page"),
    sections,
    seo: { title: subject.slice(0, 60), metaDescription: `${firstSentence(prompt, 150)}.`.slice(0, 160) },
    style: STYLES[tone]!,
    // The form section is left to the server, which renders it as a form of the page's flow.
    content: `<div class="page">${sectionsHtml(sections)}</div>`,
  };
}

/** What any webinar gives a visitor, said without promising results or naming anyone. */
function webinarCards(industry: string | undefined) {
  return [
    { title: "See it in action", text: "A live walkthrough of the product, step by step." },
    { title: "Ask your questions", text: "Put your own questions to the presenters during the session." },
    industry
      ? { title: `Made for ${industry}`, text: `Examples chosen for ${industry} teams.` }
      : { title: "Practical next steps", text: "Leave knowing how to try it with your own team." },
  ];
}

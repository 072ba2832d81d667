import { z } from "@hono/zod-openapi";
import type { LandingPageRow } from "../../../db/schema";
import { FONT_NAME } from "../../../domain/landing-pages/page-style";
import { successEnvelope } from "../../../platform/envelopes";

const Section = z.object({
  sectionId: z.string().min(1).max(64),
  type: z.string().min(1).max(40),
  label: z.string().max(200),
  visible: z.boolean(),
  order: z.number().int().min(0),
  content: z
    .record(z.string(), z.unknown())
    .optional()
    .openapi({
      description:
        "What the section shows, drawn when the page has no HTML content of its own: heading and text for every type; " +
        "hero: cta, when; features: items of {title, text}; agenda: items of {time, title}; speaker: speakers of {name, role, bio}; " +
        "testimonials: items of {quote, author, role}; faq: items of {question, answer}; pricing: items of {name, price, text}; " +
        "form: fields, submitLabel. A section without its content is not drawn.",
    }),
});

export const PageInput = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(1000).nullable().optional(),
    slug: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case words joined by hyphens"),
    sections: z.array(Section).max(30).optional(),
    seo: z.object({ title: z.string().max(120).optional(), metaDescription: z.string().max(320).optional() }).optional(),
    style: z
      .object({
        primaryColor: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/)
          .optional(),
        backgroundColor: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/)
          .optional(),
        fontFamily: z.string().regex(FONT_NAME).optional(),
      })
      .optional(),
    content: z
      .string()
      .max(200_000)
      .optional()
      .openapi({
        description:
          "The page body as HTML; sanitised when saved (no scripts, event handlers, javascript: URLs, frames or styles). " +
          "Empty: the published page is drawn from its sections in the page's design system",
      }),
    formId: z
      .string()
      .max(64)
      .nullable()
      .optional()
      .openapi({ description: "A form (/api/v1/forms) of the flow the page's form section posts leads to" }),
  })
  .openapi("LandingPageInput", { description: "A page generator's `data` (plus formId), or a page made by hand" });

export const PageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    slug: z.string(),
    sections: z.array(z.record(z.string(), z.unknown())),
    seo: z.record(z.string(), z.string()),
    style: z.record(z.string(), z.string()),
    content: z.string(),
    formId: z.string().nullable(),
    status: z.enum(["draft", "published"]),
    publishedAt: z.string().nullable(),
    url: z.string().nullable().openapi({ description: "Where the published page is served" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("LandingPage");

export function renderPageRow(p: LandingPageRow, tenantSlug: string): z.infer<typeof PageSchema> {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    slug: p.slug,
    sections: p.sections,
    seo: p.seo as Record<string, string>,
    style: p.style as Record<string, string>,
    content: p.content,
    formId: p.formId,
    status: p.status,
    publishedAt: p.publishedAt,
    url: p.status === "published" ? `/p/${tenantSlug}/${p.slug}` : null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export const LandingPageList = successEnvelope(z.array(PageSchema), "LandingPageList");
export const PageChange = PageInput.partial().openapi("LandingPageChange");
export const LandingPageCreated = successEnvelope(PageSchema, "LandingPageCreated");
export const LandingPageResponse = successEnvelope(PageSchema, "LandingPageResponse");
export const LandingPageUpdated = successEnvelope(PageSchema, "LandingPageUpdated");
export const LandingPagePublished = successEnvelope(PageSchema, "LandingPagePublished");
export const LandingPageUnpublished = successEnvelope(PageSchema, "LandingPageUnpublished");

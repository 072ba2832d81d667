import { z } from "@hono/zod-openapi";
import { GeneratedStage, GeneratedStatus } from "../../../domain/generation/statuses";

const prompt = z.string().min(3).max(4000);

const Provenance = z
  .union([
    z.object({
      source: z.literal("model"),
      model: z.string(),
      repaired: z
        .array(z.string())
        .optional()
        .openapi({
          description: "What was changed so the answer passes the rules of the endpoint it is for (a repeated code dropped, …)",
          example: ["made new the one default (the answer had 2)"],
        }),
    }),
    z.object({ source: z.literal("template"), reason: z.string() }),
  ])
  .openapi("GenerationProvenance", {
    description:
      "Who wrote the answer: the configured model, or the built-in templates and why (no key, timeout, invalid output, " +
      "or an answer that broke the target endpoint's rules: POST /v1/workflows' for sequences, POST /v1/config/statuses' for " +
      "statuses and stages, POST /v1/landing-pages' for pages); `repaired` lists what was mended so that it posts",
  });

/** A generator's answer: the family's success body with who wrote it. */
export const answer = <T extends z.ZodType>(data: T, name: string) =>
  z.object({ success: z.literal(true), data, message: z.string(), provenance: Provenance }).openapi(name);

export const GenerateSequenceRequest = z
  .object({
    prompt,
    industry: z.string().max(100).optional(),
    tone: z.string().max(100).optional(),
    emailCount: z.string().max(20).optional(),
  })
  .openapi("GenerateSequenceRequest");

export const GenerateLandingPageRequest = z
  .object({ prompt, industry: z.string().max(100).optional(), goal: z.string().max(100).optional(), tone: z.string().max(100).optional() })
  .openapi("GenerateLandingPageRequest");

export const GenerateStatusesRequest = z.object({ prompt }).openapi("GenerateStatusesRequest");
export const GenerateStagesRequest = z.object({ prompt }).openapi("GenerateStagesRequest");

export const GeneratedStatuses = z.object({ statuses: z.array(GeneratedStatus) });
export const GeneratedStages = z.object({ stages: z.array(GeneratedStage) });

import { createRoute, z } from "@hono/zod-openapi";
import { LandingPage } from "../../../domain/generation/landing-page";
import { Sequence } from "../../../domain/generation/sequence";
import { GeneratedStage, GeneratedStatus } from "../../../domain/generation/statuses";
import { json } from "../../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../../platform/openapi-errors";

const tags = ["AI generation"];
const security = [{ apiKey: [] }];
const errors = errorResponses("generation", TENANT_ROUTE_ERRORS);
const prompt = z.string().min(3).max(4000);

const Provenance = z
  .union([z.object({ source: z.literal("model"), model: z.string() }), z.object({ source: z.literal("template"), reason: z.string() })])
  .openapi("GenerationProvenance", { description: "Who wrote the answer: the configured model, or the built-in templates and why (no key, timeout, invalid output…)" });

const answer = <T extends z.ZodType>(data: T, name: string) =>
  z.object({ success: z.literal(true), data, message: z.string(), provenance: Provenance }).openapi(name);

const generator = <B extends z.ZodType, D extends z.ZodType>(operationId: string, path: string, summary: string, body: B, example: unknown, data: D, name: string) =>
  createRoute({
    operationId, method: "post", path, tags, security, summary,
    description: "Answers from the configured OpenAI-compatible model when it gives a valid answer, else from deterministic templates that still follow the prompt; `provenance` says which.",
    request: { body: { required: true, content: json(body, example) } },
    responses: { 200: { description: "Generated", content: json(answer(data, name)) }, ...errors },
  });

export const generateSequence = generator(
  "generateSequence", "/v1/campaigns/ai/generate-sequence", "Generate an email sequence (a node/edge graph POST /v1/workflows accepts)",
  z.object({ prompt, industry: z.string().max(100).optional(), tone: z.string().max(100).optional(), emailCount: z.string().max(20).optional() }).openapi("GenerateSequenceRequest"),
  { prompt: "A 5-email cold outreach sequence for B2B SaaS targeting CTOs. Include follow-ups based on email engagement.", industry: "B2B SaaS", tone: "professional and friendly", emailCount: "5" },
  Sequence, "GeneratedSequence",
);

export const generateLandingPage = generator(
  "generateLandingPage", "/v1/campaigns/ai/generate-landing-page", "Generate a landing page (sections, SEO, style and HTML)",
  z.object({ prompt, industry: z.string().max(100).optional(), goal: z.string().max(100).optional(), tone: z.string().max(100).optional() }).openapi("GenerateLandingPageRequest"),
  { prompt: "A webinar registration page for a product demo. Include hero, features, speaker bio, and registration form.", industry: "B2B SaaS", goal: "webinar registration" },
  LandingPage, "GeneratedLandingPage",
);

export const generateStatuses = generator(
  "generateStatuses", "/v1/config/ai/generate-statuses", "Generate lead statuses (POST /v1/config/statuses accepts them)",
  z.object({ prompt }).openapi("GenerateStatusesRequest"),
  { prompt: "We're a B2B SaaS company. Leads come from website forms, events, and referrals. We qualify, demo, and close." },
  z.object({ statuses: z.array(GeneratedStatus) }), "GeneratedStatuses",
);

export const generateStages = generator(
  "generateOpportunityStages", "/v1/config/ai/generate-opportunity-stages", "Generate opportunity stages (POST /v1/config/statuses accepts them with entityType opportunity)",
  z.object({ prompt }).openapi("GenerateStagesRequest"),
  { prompt: "Enterprise software sales with a 60-day average cycle. We do discovery, demo, POC, proposal, and negotiation." },
  z.object({ stages: z.array(GeneratedStage) }), "GeneratedStages",
);

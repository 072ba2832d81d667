import { createRoute, type z } from "@hono/zod-openapi";
import { LandingPage } from "../../../domain/generation/landing-page";
import { Sequence } from "../../../domain/generation/sequence";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  answer,
  GeneratedStages,
  GeneratedStatuses,
  GenerateLandingPageRequest,
  GenerateSequenceRequest,
  GenerateStagesRequest,
  GenerateStatusesRequest,
} from "./schemas";

const tags = ["AI generation"];

const generator = <B extends z.ZodType, D extends z.ZodType>(
  operationId: string,
  path: string,
  summary: string,
  body: B,
  example: unknown,
  data: D,
  name: string,
) =>
  createRoute({
    operationId,
    method: "post",
    path,
    tags,
    security,
    summary,
    description:
      "Answers from the configured OpenAI-compatible model when it gives a valid answer, else from " +
      "deterministic templates that still follow the prompt; `provenance` says which.",
    request: { body: { required: true, content: json(body, example) } },
    responses: { 200: { description: "Generated", content: json(answer(data, name)) }, ...errors() },
  });

export const generateSequence = generator(
  "generateSequence",
  "/v1/campaigns/ai/generate-sequence",
  "Generate an email sequence (a node/edge graph POST /v1/workflows accepts)",
  GenerateSequenceRequest,
  {
    prompt: "A 5-email cold outreach sequence for B2B SaaS targeting CTOs. Include follow-ups based on email engagement.",
    industry: "B2B SaaS",
    tone: "professional and friendly",
    emailCount: "5",
  },
  Sequence,
  "GeneratedSequence",
);

export const generateLandingPage = generator(
  "generateLandingPage",
  "/v1/campaigns/ai/generate-landing-page",
  "Generate a landing page (sections, SEO, style and HTML)",
  GenerateLandingPageRequest,
  {
    prompt: "A webinar registration page for a product demo. Include hero, features, speaker bio, and registration form.",
    industry: "B2B SaaS",
    goal: "webinar registration",
  },
  LandingPage,
  "GeneratedLandingPage",
);

export const generateStatuses = generator(
  "generateStatuses",
  "/v1/config/ai/generate-statuses",
  "Generate lead statuses (POST /v1/config/statuses accepts them)",
  GenerateStatusesRequest,
  { prompt: "We're a B2B SaaS company. Leads come from website forms, events, and referrals. We qualify, demo, and close." },
  GeneratedStatuses,
  "GeneratedStatuses",
);

export const generateStages = generator(
  "generateOpportunityStages",
  "/v1/config/ai/generate-opportunity-stages",
  "Generate opportunity stages (POST /v1/config/statuses accepts them with entityType opportunity)",
  GenerateStagesRequest,
  { prompt: "Enterprise software sales with a 60-day average cycle. We do discovery, demo, POC, proposal, and negotiation." },
  GeneratedStages,
  "GeneratedStages",
);

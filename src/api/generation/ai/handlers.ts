import { generateLandingPage as writeLandingPage } from "../../../domain/generation/landing-page";
import { generateSequence as writeSequence } from "../../../domain/generation/sequence";
import { generateStages as writeStages, generateStatuses as writeStatuses } from "../../../domain/generation/statuses";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";

export const generateSequence: AppRouteHandler<typeof routes.generateSequence> = async (c) => {
  const { sequence, provenance } = await writeSequence(tenantCtxOf(c), c.req.valid("json"));
  return c.json({ ...ok(sequence, "Sequence generated"), provenance }, 200);
};

export const generateLandingPage: AppRouteHandler<typeof routes.generateLandingPage> = async (c) => {
  const { page, provenance } = await writeLandingPage(tenantCtxOf(c), c.req.valid("json"));
  return c.json({ ...ok(page, "Landing page generated"), provenance }, 200);
};

export const generateStatuses: AppRouteHandler<typeof routes.generateStatuses> = async (c) => {
  const { statuses, provenance } = await writeStatuses(tenantCtxOf(c), c.req.valid("json").prompt);
  return c.json({ ...ok({ statuses }, "Lead statuses generated"), provenance }, 200);
};

export const generateStages: AppRouteHandler<typeof routes.generateStages> = async (c) => {
  const { stages, provenance } = await writeStages(tenantCtxOf(c), c.req.valid("json").prompt);
  return c.json({ ...ok({ stages }, "Opportunity stages generated"), provenance }, 200);
};

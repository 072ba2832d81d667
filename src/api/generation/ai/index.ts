import { generateLandingPage } from "../../../domain/generation/landing-page";
import { generateSequence } from "../../../domain/generation/sequence";
import { generateStages, generateStatuses } from "../../../domain/generation/statuses";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";
import * as routes from "./routes";

export const aiRouter = createRouter()
  .openapi(routes.generateSequence, async (c) => {
    const { sequence, provenance } = await generateSequence(tenantCtxOf(c), c.req.valid("json"));
    return c.json({ success: true as const, data: sequence, message: "Sequence generated", provenance }, 200);
  })
  .openapi(routes.generateLandingPage, async (c) => {
    const { page, provenance } = await generateLandingPage(tenantCtxOf(c), c.req.valid("json"));
    return c.json({ success: true as const, data: page, message: "Landing page generated", provenance }, 200);
  })
  .openapi(routes.generateStatuses, async (c) => {
    const { statuses, provenance } = await generateStatuses(tenantCtxOf(c), c.req.valid("json").prompt);
    return c.json({ success: true as const, data: { statuses }, message: "Lead statuses generated", provenance }, 200);
  })
  .openapi(routes.generateStages, async (c) => {
    const { stages, provenance } = await generateStages(tenantCtxOf(c), c.req.valid("json").prompt);
    return c.json({ success: true as const, data: { stages }, message: "Opportunity stages generated", provenance }, 200);
  });

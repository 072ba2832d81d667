import { createRoute, z } from "@hono/zod-openapi";
import { recordOutcomes } from "../../../domain/scoring/outcomes";
import { ApiError } from "../../../platform/errors";
import { idParam, json } from "../../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../../platform/openapi-errors";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";

const Outcome = z.object({
  converted: z.boolean().openapi({ example: true }),
  value: z.number().min(0).optional().openapi({ description: "Deal value, used to learn the expected deal value", example: 48000 }),
});

const tags = ["Scoring"];
const security = [{ apiKey: [] }];
const errors = (...extra: number[]) => errorResponses("scoring", [...TENANT_ROUTE_ERRORS, ...extra]);

const single = createRoute({
  operationId: "recordLeadOutcome", method: "post", path: "/v1/leads/{id}/outcome", tags, security,
  summary: "Record whether a lead converted",
  description: "Outcomes are the labels the tenant's scoring model learns from. Intake feedback (conversion / return) records them too.",
  request: { params: idParam("id", "lead_abc123"), body: { required: true, content: json(Outcome.openapi("LeadOutcome")) } },
  responses: {
    200: { description: "Recorded", content: json(z.object({ status: z.literal("success"), data: z.object({ lead_id: z.string(), converted: z.boolean(), value: z.number().nullable() }) }).openapi("LeadOutcomeRecorded")) },
    ...errors(404, 422),
  },
});

const bulk = createRoute({
  operationId: "recordLeadOutcomes", method: "post", path: "/v1/leads/outcomes", tags, security,
  summary: "Record up to 1,000 outcomes",
  request: { body: { required: true, content: json(z.object({ outcomes: z.array(Outcome.extend({ lead_id: z.string().max(64) })).min(1).max(1000) }).openapi("LeadOutcomes")) } },
  responses: {
    200: {
      description: "One result per outcome; unknown leads are reported, the others recorded",
      content: json(
        z
          .object({
            status: z.literal("success"),
            data: z.object({ recorded: z.number().int(), not_found: z.number().int(), results: z.array(z.object({ lead_id: z.string(), status: z.enum(["recorded", "not_found"]) })) }),
          })
          .openapi("LeadOutcomesRecorded"),
      ),
    },
    ...errors(422),
  },
});

export const outcomesRouter = createRouter()
  .openapi(single, async (c) => {
    const { id } = c.req.valid("param");
    const [result] = await recordOutcomes(tenantCtxOf(c), [{ lead_id: id, ...c.req.valid("json") }]);
    if (!result || result.status === "not_found") throw new ApiError("not_found", `Lead ${id} does not exist`);
    return c.json({ status: "success" as const, data: { lead_id: result.lead_id, converted: result.converted, value: result.value } }, 200);
  })
  .openapi(bulk, async (c) => {
    const results = await recordOutcomes(tenantCtxOf(c), c.req.valid("json").outcomes);
    const recorded = results.filter((r) => r.status === "recorded").length;
    return c.json({ status: "success" as const, data: { recorded, not_found: results.length - recorded, results: results.map((r) => ({ lead_id: r.lead_id, status: r.status })) } }, 200);
  });

import { createRoute, z } from "@hono/zod-openapi";
import { type BatchView, createBatch, batchView } from "../../../domain/scoring/batches";
import { idParam, json } from "../../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../../platform/openapi-errors";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";
import { AnalyzedLead, Summary } from "../leads/schemas";

const SEED_BATCH = {
  leads: [
    { name: "John Doe", email: "john@example.com", company: "TechCorp", industry: "Technology", revenue: 5000000, employees: 50, engagement_score: 75, last_interaction: "2025-11-01" },
    { name: "Ana Ruiz", email: "ana@globex.io", company: "Globex", industry: "Manufacturing", employees: 1200, engagement_score: 40 },
  ],
  async: true,
  webhook_url: "https://your-app.com/webhook",
};

const BatchRequest = z
  .object({
    leads: z.array(z.record(z.string(), z.unknown())).min(1).max(1000).openapi({ description: "Up to 1,000 leads; each needs an email" }),
    async: z.boolean().default(false).openapi({ description: "true: answer 202 at once and score through the job queue; false: score now and answer with the results" }),
    webhook_url: z.url().optional().openapi({ description: "Where the signed `scoring.batch.completed` webhook goes when the batch finishes" }),
    options: z.object({ include_predictions: z.boolean().default(true), include_recommendations: z.boolean().default(true) }).optional(),
  })
  .openapi("ScoringBatchRequest");

const Progress = z.object({
  total_chunks: z.number().int(),
  chunks_done: z.number().int(),
  scored_leads: z.number().int(),
  failed_leads: z.number().int(),
  percent: z.number().openapi({ description: "Share of chunks finished, 0–100" }),
});

const Batch = z
  .object({
    batch_id: z.string().openapi({ example: "batch_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    status: z.enum(["queued", "processing", "completed", "failed"]),
    async: z.boolean(),
    total_leads: z.number().int(),
    progress: Progress,
    status_url: z.string(),
    webhook_url: z.string().nullable(),
    created_at: z.string(),
    completed_at: z.string().nullable(),
    results: z
      .object({ leads: z.array(AnalyzedLead), summary: Summary, errors: z.array(z.object({ chunk: z.number().int(), leads: z.number().int(), error: z.string() })) })
      .nullable()
      .openapi({ description: "Once the batch has finished: every scored lead in the order sent, and chunks that failed after every retry" }),
  })
  .openapi("ScoringBatch");

const Accepted = z
  .object({
    status: z.literal("success"),
    data: Batch.extend({
      webhook: z
        .object({ endpoint_id: z.string(), secret: z.string().nullable().openapi({ description: "Shown once, when this request created the endpoint for webhook_url; null when the tenant already had one" }) })
        .nullable(),
    }),
  })
  .openapi("ScoringBatchAccepted");

function render(view: BatchView) {
  const { batch, progress } = view;
  return {
    batch_id: batch.id, status: view.status, async: batch.async, total_leads: batch.totalLeads,
    progress: {
      total_chunks: progress.totalChunks, chunks_done: progress.chunksDone, scored_leads: progress.processedItems, failed_leads: progress.failedItems,
      percent: progress.totalChunks === 0 ? 0 : Math.round((progress.chunksDone / progress.totalChunks) * 1000) / 10,
    },
    status_url: `/v1/leads/batch/${batch.id}`, webhook_url: batch.webhookUrl, created_at: batch.createdAt, completed_at: batch.completedAt,
    results: view.results as z.infer<typeof Batch>["results"],
  };
}

const tags = ["Scoring"];
const security = [{ apiKey: [] }];

const create = createRoute({
  operationId: "scoreLeadBatch", method: "post", path: "/v1/leads/batch", tags, security,
  summary: "Score up to 1,000 leads as a batch",
  description:
    "With `async: true` the answer is 202 at once; the leads are scored through the job queue in chunks of 100, a Durable Object counts progress, and completion fires exactly once: the batch is finished and a signed `scoring.batch.completed` webhook goes to `webhook_url` (through the tenant's webhook endpoint for that URL, created if needed). With `async: false` the same work runs in the request and the answer carries the results.",
  request: { body: { required: true, content: json(BatchRequest, SEED_BATCH) } },
  responses: {
    200: { description: "Scored (async: false)", content: json(Accepted) },
    202: { description: "Queued (async: true); poll status_url", content: json(Accepted) },
    ...errorResponses("scoring", [...TENANT_ROUTE_ERRORS, 422]),
  },
});

const get = createRoute({
  operationId: "getLeadBatch", method: "get", path: "/v1/leads/batch/{batch_id}", tags, security,
  summary: "A batch's progress, and its results once finished",
  request: { params: idParam("batch_id", "batch_01jd0x5v7k2m3n4p5q6r7s8t9v") },
  responses: { 200: { description: "The batch", content: json(z.object({ status: z.literal("success"), data: Batch }).openapi("ScoringBatchResponse")) }, ...errorResponses("scoring", [...TENANT_ROUTE_ERRORS, 404]) },
});

export const batchesRouter = createRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const options = { include_predictions: true, include_recommendations: true, ...body.options };
    const { view, webhookSecret } = await createBatch(tenantCtxOf(c), { leads: body.leads, async: body.async, webhook_url: body.webhook_url, options });
    const webhook = view.batch.webhookEndpointId ? { endpoint_id: view.batch.webhookEndpointId, secret: webhookSecret } : null;
    const data = { ...render(view), webhook };
    return body.async ? c.json({ status: "success" as const, data }, 202) : c.json({ status: "success" as const, data }, 200);
  })
  .openapi(get, async (c) => c.json({ status: "success" as const, data: render(await batchView(tenantCtxOf(c), c.req.valid("param").batch_id)) }, 200));

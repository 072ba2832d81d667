import { z } from "@hono/zod-openapi";
import type { BatchView } from "../../../domain/scoring/batches";
import { percentDone } from "../../../domain/scoring/figures";
import { successBody } from "../family";
import { AnalyzedLead, Summary } from "../leads/schemas";

export const SEED_BATCH = {
  leads: [
    {
      name: "John Doe",
      email: "john@example.com",
      company: "TechCorp",
      industry: "Technology",
      revenue: 5000000,
      employees: 50,
      engagement_score: 75,
      last_interaction: "2025-11-01",
    },
    { name: "Ana Ruiz", email: "ana@globex.io", company: "Globex", industry: "Manufacturing", employees: 1200, engagement_score: 40 },
  ],
  async: true,
  webhook_url: "https://your-app.com/webhook",
};

export const BatchRequest = z
  .object({
    leads: z.array(z.record(z.string(), z.unknown())).min(1).max(1000).openapi({ description: "Up to 1,000 leads; each needs an email" }),
    async: z
      .boolean()
      .default(false)
      .openapi({ description: "true: answer 202 at once and score through the job queue; false: score now and answer with the results" }),
    webhook_url: z
      .url()
      .optional()
      .openapi({ description: "Where the signed `scoring.batch.completed` webhook goes when the batch finishes" }),
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
      .object({
        leads: z.array(AnalyzedLead),
        summary: Summary,
        errors: z.array(
          z.object({
            chunk: z.number().int(),
            leads: z.number().int().openapi({ description: "How many leads the error left unscored" }),
            index: z.number().int().optional().openapi({ description: "For one lead's error: its place in `leads` as sent", example: 1 }),
            field: z
              .string()
              .optional()
              .openapi({ description: "For one lead's error: the field not of its kind", example: "last_interaction" }),
            error: z.string().openapi({ example: "last_interaction must be an ISO 8601 date" }),
          }),
        ),
      })
      .nullable()
      .openapi({
        description:
          "Once the batch has finished: every scored lead in the order sent, and what was not scored: each lead with a value " +
          "not of its kind (an address that is none, a word where a number belongs), and chunks that failed after every retry",
      }),
  })
  .openapi("ScoringBatch");

const AcceptedBatch = Batch.extend({
  webhook: z
    .object({
      endpoint_id: z.string(),
      secret: z.string().nullable().openapi({
        description: "Shown once, when this request created the endpoint for webhook_url; null when the tenant already had one",
      }),
    })
    .nullable(),
});

export const Accepted = successBody(AcceptedBatch, "ScoringBatchAccepted");
export const BatchResponse = successBody(Batch, "ScoringBatchResponse");

export function renderBatch(view: BatchView): z.infer<typeof Batch> {
  const { batch, progress } = view;
  return {
    batch_id: batch.id,
    status: view.status,
    async: batch.async,
    total_leads: batch.totalLeads,
    progress: {
      total_chunks: progress.totalChunks,
      chunks_done: progress.chunksDone,
      scored_leads: progress.processedItems,
      failed_leads: progress.failedItems,
      percent: percentDone(progress),
    },
    status_url: `/v1/leads/batch/${batch.id}`,
    webhook_url: batch.webhookUrl,
    created_at: batch.createdAt,
    completed_at: batch.completedAt,
    results: view.results,
  };
}

/** A new batch, with the webhook endpoint it reports to (and that endpoint's secret if this request created it). */
export function renderAccepted(view: BatchView, webhookSecret: string | null): z.infer<typeof AcceptedBatch> {
  const webhook = view.batch.webhookEndpointId ? { endpoint_id: view.batch.webhookEndpointId, secret: webhookSecret } : null;
  return { ...renderBatch(view), webhook };
}

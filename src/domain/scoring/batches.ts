import { asStatement, insertRows, runBatch } from "../../db/bulk";
import { type ScoringBatch, type ScoringBatchChunk, scoringBatchChunks, scoringBatches, webhookEndpoints } from "../../db/schema";
import { newId } from "../../platform/ids";
import type { ScoringChunkMessage } from "../../platform/job-messages";
import type { BatchProgress } from "../batch-progress";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";
import { callbackEndpoint } from "../webhooks/endpoints";
import { BATCH_COMPLETED, type BatchError, batchResults, CHUNK_SIZE, coordinator, scoreChunk } from "./batch-chunks";
import { requireEmails } from "./lead-checks";
import { type ScoreOptions, type ScoreSummary, type ShownScore, shown, summarize } from "./results";

export interface BatchRequest {
  leads: Record<string, unknown>[];
  async: boolean;
  webhook_url?: string;
  options: ScoreOptions;
}

export interface BatchView {
  batch: ScoringBatch;
  status: "queued" | "processing" | "completed" | "failed";
  progress: BatchProgress;
  results: { leads: ShownScore[]; summary: ScoreSummary; errors: BatchError[] } | null;
}

/**
 * Takes up to 1,000 leads as a batch of chunks. Async batches go to the job queue and answer at
 * once; others are scored here, chunk by chunk, through the same path, so both end the same way.
 */
export async function createBatch(ctx: TenantCtx, request: BatchRequest): Promise<{ view: BatchView; webhookSecret: string | null }> {
  requireEmails(request.leads);
  const endpoint = request.webhook_url
    ? await callbackEndpoint(ctx, request.webhook_url, {
        field: "webhook_url",
        events: [BATCH_COMPLETED],
        description: "Scoring batch completions (created by POST /v1/leads/batch)",
      })
    : null;
  const chunks: ScoringBatchChunk[] = [];
  const batch: ScoringBatch = {
    id: newId("batch", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    status: "queued",
    async: request.async,
    totalLeads: request.leads.length,
    totalChunks: Math.ceil(request.leads.length / CHUNK_SIZE),
    options: request.options,
    webhookUrl: request.webhook_url ?? null,
    webhookEndpointId: endpoint?.id ?? null,
    scoredLeads: null,
    failedLeads: null,
    createdAt: ctx.now.toISOString(),
    completedAt: null,
  };
  for (let start = 0, chunk = 0; start < request.leads.length; start += CHUNK_SIZE, chunk++) {
    chunks.push({
      batchId: batch.id,
      chunk,
      tenantId: batch.tenantId,
      testMode: batch.testMode,
      status: "pending",
      leads: request.leads.slice(start, start + CHUNK_SIZE),
      results: null,
      leadErrors: null,
      error: null,
      completedAt: null,
      enqueuedAt: batch.createdAt,
    });
  }
  // The coordinator first: a batch in D1 whose coordinator never started would be scored and never
  // complete. A coordinator left without its batch (D1 failed next) is never reached: nothing has its id.
  await coordinator(ctx, batch.id).start(batch.totalChunks, batch.totalLeads);
  await runBatch(ctx.db, [
    // A new endpoint for webhook_url is written with the batch, so the two stand or fall together.
    ...(endpoint?.created ? [asStatement(ctx.db, ctx.db.insert(webhookEndpoints).values(endpoint.created))] : []),
    asStatement(ctx.db, ctx.db.insert(scoringBatches).values(batch)),
    ...insertRows(ctx.db, scoringBatchChunks, chunks),
  ]);
  const messages = chunks.map(
    (c): ScoringChunkMessage => ({
      type: "scoring.batch_chunk",
      tenantId: batch.tenantId,
      testMode: batch.testMode,
      batchId: batch.id,
      chunk: c.chunk,
    }),
  );
  if (request.async) await ctx.env.JOBS.sendBatch(messages.map((body) => ({ body, contentType: "json" })));
  else for (const message of messages) await scoreChunk(ctx, message);
  return { view: await batchView(ctx, batch.id), webhookSecret: endpoint?.secret ?? null };
}

/** A batch with its progress as the coordinator counts it, and its results once finished. */
export async function batchView(ctx: TenantCtx, batchId: string): Promise<BatchView> {
  const batch = await findOwned(ctx, scoringBatches, batchId, "Batch");
  const progress = await coordinator(ctx, batch.id).progress();
  const status = batch.status !== "queued" ? batch.status : progress.chunksDone > 0 ? "processing" : "queued";
  if (batch.status === "queued") return { batch, status, progress, results: null };
  const { results, errors } = await batchResults(ctx, batch);
  return { batch, status, progress, results: { leads: results.map((r) => shown(r, batch.options)), summary: summarize(results), errors } };
}

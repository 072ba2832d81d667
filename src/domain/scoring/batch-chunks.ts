import { and, asc, eq, ne } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import type { BatchLeadError } from "../../db/json/scoring";
import { type ScoringBatch, type ScoringBatchChunk, scoringBatchChunks, scoringBatches } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { ScoringChunkMessage } from "../../platform/job-messages";
import type { BatchProgress } from "../batch-progress";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";
import { dispatchSoon } from "../webhooks/dispatch";
import { completionEvent } from "../webhooks/outbox";
import { prepareAnalysis } from "./analyze";
import { leadIssues } from "./lead-checks";
import { phraseRecommendations } from "./phrasing";
import { leadScores, summarize } from "./results";

// The chunks of a scoring batch: scored one queue message each (or in the request, for a batch
// that is not async), counted by the batch's coordinator; the last one finishes the batch.

/** What a finished batch could not score: a chunk that failed, or one lead of a chunk (with its `index` and `field`). */
export interface BatchError {
  chunk: number;
  leads: number;
  index?: number;
  field?: string;
  error: string;
}

/** Leads per queue message: small enough to score well inside one invocation's CPU budget. */
export const CHUNK_SIZE = 100;
/** How long one delivery may work on a chunk before another may take it over. */
const CHUNK_LEASE_MS = 120_000;
export const BATCH_COMPLETED = "scoring.batch.completed";

/** The batch's BatchCoordinator Durable Object: chunk leases, progress and exactly-once completion. */
export const coordinator = (ctx: TenantCtx, batchId: string) =>
  ctx.env.BATCH_COORDINATOR.get(ctx.env.BATCH_COORDINATOR.idFromName(batchId));

/**
 * Scores one chunk, unless it was scored before (a redelivered message): the results are written
 * in the same D1 batch as the scores, so a chunk is either wholly scored or not at all. Then the
 * coordinator counts it, and the last chunk finishes the batch.
 */
export async function scoreChunk(ctx: TenantCtx, message: ScoringChunkMessage): Promise<BatchProgress> {
  const [chunk] = await ctx.db
    .select()
    .from(scoringBatchChunks)
    .where(
      and(ownedBy(scoringBatchChunks, ctx), eq(scoringBatchChunks.batchId, message.batchId), eq(scoringBatchChunks.chunk, message.chunk)),
    );
  if (!chunk) throw new Error(`scoring batch ${message.batchId} has no chunk ${message.chunk}`);
  if (chunk.status === "pending") {
    const claim = await coordinator(ctx, chunk.batchId).claim(chunk.chunk, ctx.now.getTime(), CHUNK_LEASE_MS);
    if (claim === "busy") throw new Error(`chunk ${chunk.chunk} of ${chunk.batchId} is being scored by another delivery`);
    let scored: number;
    try {
      scored = await scoreAndStore(ctx, chunk);
    } catch (error) {
      // Otherwise every retry would find the chunk leased until the lease ran out, and the
      // message would reach the dead-letter queue with its leads unscored.
      await coordinator(ctx, chunk.batchId).release(chunk.chunk);
      throw error;
    }
    dispatchSoon(ctx);
    return countChunk(ctx, chunk.batchId, chunk.chunk, scored, chunk.leads.length - scored);
  }
  return countFinished(ctx, chunk);
}

/** Counts a chunk finished before: its scored leads, and the rest (all of a failed chunk's) as failed. */
function countFinished(ctx: TenantCtx, chunk: ScoringBatchChunk): Promise<BatchProgress> {
  const scored = chunk.status === "scored" ? (chunk.results?.length ?? 0) : 0;
  return countChunk(ctx, chunk.batchId, chunk.chunk, scored, chunk.leads.length - scored);
}

/** Scores a pending chunk and stores its scores and results in one D1 batch: all of it or none. */
async function scoreAndStore(ctx: TenantCtx, chunk: typeof scoringBatchChunks.$inferSelect): Promise<number> {
  const batch = await findOwned(ctx, scoringBatches, chunk.batchId, "Batch");
  // A lead that is not of its kind is reported on its own and the rest are scored; the errors are
  // stored with the scores, so what a batch reports cannot change with a later deploy's checks.
  const leadErrors = leadErrorsOf(chunk);
  const failed = new Set(leadErrors.map((e) => e.index));
  const valid = chunk.leads.filter((_, i) => !failed.has(chunk.chunk * CHUNK_SIZE + i));
  const analysis = await prepareAnalysis(ctx, valid);
  const computed = leadScores(analysis.leads, analysis.dealValue, ctx.now);
  const results = batch.options.include_recommendations ? await phraseRecommendations(ctx, computed) : computed;
  const record = ctx.db
    .update(scoringBatchChunks)
    .set({ status: "scored", results, leadErrors, completedAt: ctx.now.toISOString() })
    .where(
      and(
        eq(scoringBatchChunks.batchId, chunk.batchId),
        eq(scoringBatchChunks.chunk, chunk.chunk),
        eq(scoringBatchChunks.status, "pending"),
      ),
    );
  await runBatch(ctx.db, [...analysis.writes, asStatement(ctx.db, record)]);
  return results.length;
}

/** A chunk whose message ran out of retries (the dead-letter queue): its leads count as failed. */
export async function failChunk(ctx: TenantCtx, message: ScoringChunkMessage, error: string): Promise<BatchProgress> {
  const at = ctx.now.toISOString();
  await ctx.db
    .update(scoringBatchChunks)
    .set({ status: "failed", error, completedAt: at })
    .where(
      and(
        ownedBy(scoringBatchChunks, ctx),
        eq(scoringBatchChunks.batchId, message.batchId),
        eq(scoringBatchChunks.chunk, message.chunk),
        eq(scoringBatchChunks.status, "pending"),
      ),
    );
  const [chunk] = await ctx.db
    .select()
    .from(scoringBatchChunks)
    .where(
      and(ownedBy(scoringBatchChunks, ctx), eq(scoringBatchChunks.batchId, message.batchId), eq(scoringBatchChunks.chunk, message.chunk)),
    );
  if (!chunk) throw new Error(`scoring batch ${message.batchId} has no chunk ${message.chunk}`);
  return countFinished(ctx, chunk);
}

async function countChunk(ctx: TenantCtx, batchId: string, chunk: number, scored: number, failed: number): Promise<BatchProgress> {
  const progress = await coordinator(ctx, batchId).record(chunk, scored, failed);
  if (!progress.completionDue) return progress;
  await finishBatch(ctx, batchId, progress);
  return coordinator(ctx, batchId).confirmCompletion();
}

/**
 * Marks the batch finished and writes its completion event, in one D1 batch and only if it was
 * not finished before: the event's id is derived from the batch, so a second try inserts nothing.
 */
async function finishBatch(ctx: TenantCtx, batchId: string, progress: BatchProgress): Promise<void> {
  const batch = await findOwned(ctx, scoringBatches, batchId, "Batch");
  if (batch.status !== "queued") return;
  const status = progress.processedItems === 0 ? "failed" : "completed";
  const at = ctx.now.toISOString();
  const { results } = await batchResults(ctx, batch);
  const payload = {
    event: BATCH_COMPLETED,
    timestamp: at,
    data: {
      batch_id: batch.id,
      status,
      total_leads: batch.totalLeads,
      scored_leads: progress.processedItems,
      failed_leads: progress.failedItems,
      summary: summarize(results),
      status_url: `/v1/leads/batch/${batch.id}`,
    },
  };
  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db
        .update(scoringBatches)
        .set({ status, scoredLeads: progress.processedItems, failedLeads: progress.failedItems, completedAt: at })
        .where(and(eq(scoringBatches.id, batch.id), eq(scoringBatches.status, "queued"))),
    ),
    completionEvent(ctx.db, batch, BATCH_COMPLETED, payload, ctx.now, batch.webhookEndpointId),
  ]);
  dispatchSoon(ctx);
}

/** The results of a batch's finished chunks, in chunk order, and what was not scored. */
export async function batchResults(ctx: TenantCtx, batch: ScoringBatch) {
  const chunks = await ctx.db
    .select()
    .from(scoringBatchChunks)
    .where(and(ownedBy(scoringBatchChunks, ctx), eq(scoringBatchChunks.batchId, batch.id), ne(scoringBatchChunks.status, "pending")))
    .orderBy(asc(scoringBatchChunks.chunk));
  const results = chunks.flatMap((c) => c.results ?? []);
  const errors = chunks.flatMap((c): BatchError[] =>
    c.status === "failed"
      ? [{ chunk: c.chunk, leads: c.leads.length, error: c.error ?? "failed" }]
      : // A chunk scored before its errors were stored (migration 0029) has them worked out again.
        (c.leadErrors ?? leadErrorsOf(c)).map((e) => ({ chunk: c.chunk, leads: 1, ...e })),
  );
  return { results, errors };
}

/** The chunk's leads that are not of their kind, each with its place in the batch and its first bad field. */
function leadErrorsOf(chunk: ScoringBatchChunk): BatchLeadError[] {
  return chunk.leads.flatMap((lead, i) => {
    const [issue] = leadIssues(lead);
    return issue ? [{ index: chunk.chunk * CHUNK_SIZE + i, field: issue.field, error: issue.message }] : [];
  });
}

import { and, eq, isNull, lt, ne, or } from "drizzle-orm";
import { openDatabase } from "../db/database";
import { playgroundBatches, playgroundItems, scoringBatchChunks } from "../db/schema";
import { enqueueJobs, type JobMessage, type PlaygroundDraftMessage, type ScoringChunkMessage } from "../platform/job-messages";
import { D1_MAX_BOUND_PARAMETERS, slices } from "../platform/limits";

/** How long a job may wait unconsumed before the cron sends its message again. */
export const REQUEUE_AFTER_MS = 10 * 60_000;
/** Rows looked at per kind of job and per run; the next minute takes the rest. */
const SWEEP_LIMIT = 500;

/** Rows per marking statement: two bound parameters each, with room for the statement's own. */
const ROWS_PER_MARK = Math.floor(D1_MAX_BOUND_PARAMETERS / 2) - 5;

/**
 * Per-minute cron: sends again the message of every scoring chunk still pending and every draft
 * still queued long after it was enqueued. A Worker that wrote a batch and then died before its
 * messages reached the queue (or a message lost after its retries) leaves such rows; consumers
 * do each job once whatever the number of deliveries, so sending again is safe.
 */
export async function requeueStalledJobs(env: Env, now: Date): Promise<number> {
  const db = openDatabase(env.DB);
  const cutoff = new Date(now.getTime() - REQUEUE_AFTER_MS).toISOString();
  const at = now.toISOString();

  const chunks = await db
    .select({
      tenantId: scoringBatchChunks.tenantId,
      testMode: scoringBatchChunks.testMode,
      batchId: scoringBatchChunks.batchId,
      chunk: scoringBatchChunks.chunk,
    })
    .from(scoringBatchChunks)
    .where(
      and(eq(scoringBatchChunks.status, "pending"), or(isNull(scoringBatchChunks.enqueuedAt), lt(scoringBatchChunks.enqueuedAt, cutoff))),
    )
    .limit(SWEEP_LIMIT);
  const drafts = await db
    .select({
      tenantId: playgroundItems.tenantId,
      testMode: playgroundItems.testMode,
      batchId: playgroundItems.batchId,
      campaignLeadId: playgroundItems.campaignLeadId,
    })
    .from(playgroundItems)
    .innerJoin(playgroundBatches, eq(playgroundBatches.id, playgroundItems.batchId))
    .where(and(eq(playgroundItems.status, "queued"), lt(playgroundItems.updatedAt, cutoff), ne(playgroundBatches.status, "cancelled")))
    .limit(SWEEP_LIMIT);

  const messages: JobMessage[] = [
    ...chunks.map((c): ScoringChunkMessage => ({ type: "scoring.batch_chunk", ...c })),
    ...drafts.map((d): PlaygroundDraftMessage => ({ type: "playground.draft", ...d })),
  ];
  await enqueueJobs(env.JOBS, messages);

  // Only after the sends: a run that dies before marking sends again next minute, which is safe.
  const chunkMarks = slices(chunks, ROWS_PER_MARK).map((part) => {
    const these = or(...part.map((c) => and(eq(scoringBatchChunks.batchId, c.batchId), eq(scoringBatchChunks.chunk, c.chunk))));
    return db
      .update(scoringBatchChunks)
      .set({ enqueuedAt: at })
      .where(and(eq(scoringBatchChunks.status, "pending"), these));
  });
  const draftMarks = slices(drafts, ROWS_PER_MARK).map((part) => {
    const these = or(...part.map((d) => and(eq(playgroundItems.batchId, d.batchId), eq(playgroundItems.campaignLeadId, d.campaignLeadId))));
    return db
      .update(playgroundItems)
      .set({ updatedAt: at })
      .where(and(eq(playgroundItems.status, "queued"), these));
  });
  await Promise.all([...chunkMarks, ...draftMarks]);
  return messages.length;
}

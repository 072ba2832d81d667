import { and, count, eq } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import { messages, type SendBatch, sendBatches } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";
import { dispatchSoon } from "../webhooks/dispatch";
import { completionEvent } from "../webhooks/outbox";

// A send batch (one campaign step sent to the campaign's leads) counted from its messages, and
// completed, with its webhook, when the last of them is final.

export const SEND_COMPLETED = "campaign.send.completed";

export interface SendCounts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  bounced: number;
  complained: number;
  suppressed: number;
}

export async function sendCounts(ctx: TenantCtx, batchId: string): Promise<SendCounts> {
  const rows = await ctx.db
    .select({ status: messages.status, n: count() })
    .from(messages)
    .where(and(ownedBy(messages, ctx), eq(messages.sendBatchId, batchId)))
    .groupBy(messages.status);
  const counts: SendCounts = { queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0, complained: 0, suppressed: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export async function getSendBatch(ctx: TenantCtx, campaignId: string, batchId: string): Promise<{ batch: SendBatch; counts: SendCounts }> {
  const batch = await findOwned(ctx, sendBatches, batchId, "Send batch");
  if (batch.campaignId !== campaignId) throw new ApiError("not_found", `Send batch ${batchId} does not exist`);
  return { batch, counts: await sendCounts(ctx, batch.id) };
}

/**
 * Completes a send batch once none of its messages is still queued or sending, with one
 * `campaign.send.completed` event: its id derives from the batch, so the last two messages
 * finishing at once write it once.
 */
export async function finishSendBatchIfDone(ctx: TenantCtx, batchId: string): Promise<void> {
  const counts = await sendCounts(ctx, batchId);
  if (counts.queued + counts.sending > 0) return;
  const [batch] = await ctx.db
    .select()
    .from(sendBatches)
    .where(and(ownedBy(sendBatches, ctx), eq(sendBatches.id, batchId)))
    .limit(1);
  // Still being written: its last write calls this again.
  if (!batch || batch.status === "preparing") return;
  const payload = {
    event: SEND_COMPLETED,
    timestamp: ctx.now.toISOString(),
    data: { send_batch_id: batch.id, campaign_id: batch.campaignId, step_index: batch.stepIndex, total: batch.total, counts },
  };
  // Both statements may run twice (two last messages at once) and change nothing the second time.
  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db
        .update(sendBatches)
        .set({ status: "completed", completedAt: ctx.now.toISOString() })
        .where(and(ownedBy(sendBatches, ctx), eq(sendBatches.id, batch.id), eq(sendBatches.status, "sending"))),
    ),
    completionEvent(ctx.db, batch, SEND_COMPLETED, payload, ctx.now),
  ]);
  dispatchSoon(ctx);
}

import { and, eq, sql } from "drizzle-orm";
import { asStatement, insertRowIfStatement, runBatch } from "../../db/bulk";
import {
  campaignLeads,
  type Draft,
  drafts,
  leads,
  type PlaygroundBatch,
  type PlaygroundItem,
  playgroundBatches,
  playgroundItems,
} from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { PlaygroundDraftMessage } from "../../platform/job-messages";
import type { TenantCtx } from "../context";
import { getSender } from "../email/senders";
import { getCampaign } from "./campaigns";
import { writeDraft } from "./drafting";
import { finishIfDone } from "./playground";

// The playground's queue side: each message writes one lead's draft, or fails its item visibly.
/** The batch's item for a message, or null when the message is stale (no such batch or item). */
async function itemOf(ctx: TenantCtx, message: PlaygroundDraftMessage) {
  const [row] = await ctx.db
    .select({ batch: playgroundBatches, item: playgroundItems })
    .from(playgroundItems)
    .innerJoin(playgroundBatches, eq(playgroundBatches.id, playgroundItems.batchId))
    .where(
      and(
        ownedBy(playgroundItems, ctx),
        eq(playgroundItems.batchId, message.batchId),
        eq(playgroundItems.campaignLeadId, message.campaignLeadId),
      ),
    );
  return row ?? null;
}

/**
 * Writes one lead's draft. A message whose batch was cancelled, or whose item is no longer queued
 * (a redelivery), does nothing. The draft is written under the tuple (campaign, campaign lead,
 * prompt version, batch) with INSERT OR IGNORE, and only while D1 says the batch is not cancelled:
 * the same D1 batch marks the item done, so a duplicate message can never write a second draft.
 * Every outcome but a cancelled batch's then tries to finish the batch: an item failed here may be
 * its last, and a redelivery may follow a Worker that died between the item's write and the batch's completion.
 */
export async function consumeDraft(ctx: TenantCtx, message: PlaygroundDraftMessage): Promise<"written" | "skipped"> {
  const found = await itemOf(ctx, message);
  if (!found) throw new Error(`playground batch ${message.batchId} has no item for ${message.campaignLeadId}`);
  const outcome = await draftItem(ctx, found.batch, found.item);
  if (found.batch.status !== "cancelled") await finishIfDone(ctx, found.batch.id);
  return outcome;
}

async function draftItem(ctx: TenantCtx, batch: PlaygroundBatch, item: PlaygroundItem): Promise<"written" | "skipped"> {
  if (batch.status === "cancelled" || item.status !== "queued") return "skipped";
  const campaign = await getCampaign(ctx, batch.campaignId).catch((error) => {
    if (error instanceof ApiError && error.code === "not_found") return null;
    throw error;
  });
  if (!campaign) {
    await markItem(ctx, item, "failed", "the campaign was deleted");
    return "skipped";
  }
  const [member] = await ctx.db
    .select()
    .from(campaignLeads)
    .where(and(ownedBy(campaignLeads, ctx), eq(campaignLeads.id, item.campaignLeadId)));
  const lead = member
    ? (
        await ctx.db
          .select()
          .from(leads)
          .where(and(ownedBy(leads, ctx), eq(leads.id, member.leadId)))
      )[0]
    : undefined;
  if (!member || !lead) {
    await markItem(ctx, item, "failed", "the lead left the campaign or was deleted");
    return "skipped";
  }
  const sender = campaign.senderId ? await getSender(ctx, campaign.senderId).catch(() => null) : null;
  const step = campaign.steps[batch.stepIndex - 1];
  if (!step) {
    await markItem(ctx, item, "failed", `the campaign no longer has step ${batch.stepIndex}`);
    return "skipped";
  }
  const text = await writeDraft(ctx, batch.prompt, { ...step, index: batch.stepIndex }, lead, sender);
  const at = ctx.now.toISOString();
  const draft: Draft = {
    id: crypto.randomUUID(),
    tenantId: batch.tenantId,
    testMode: batch.testMode,
    campaignId: batch.campaignId,
    campaignLeadId: item.campaignLeadId,
    leadId: lead.id,
    stepIndex: batch.stepIndex,
    promptVersionHash: batch.promptVersionHash,
    batchId: batch.id,
    subject: text.subject,
    body: text.body,
    provenance: text.provenance,
    tokenUsage: text.usage,
    createdAt: at,
  };
  const notCancelled = `(SELECT status FROM playground_batches WHERE id = ?) != 'cancelled'`;
  await runBatch(ctx.db, [
    insertRowIfStatement(ctx.db, drafts, draft, notCancelled, [batch.id], true),
    asStatement(
      ctx.db,
      ctx.db
        .update(playgroundItems)
        .set({ status: "done", updatedAt: at })
        .where(
          and(
            eq(playgroundItems.batchId, batch.id),
            eq(playgroundItems.campaignLeadId, item.campaignLeadId),
            eq(playgroundItems.status, "queued"),
            sql`(SELECT ${playgroundBatches.status} FROM ${playgroundBatches} WHERE ${playgroundBatches.id} = ${batch.id}) != 'cancelled'`,
          ),
        ),
    ),
  ]);
  return "written";
}

/** A message that ran out of retries (the dead-letter queue): its item is failed, visibly. */
export async function failDraft(ctx: TenantCtx, message: PlaygroundDraftMessage, error: string): Promise<void> {
  const found = await itemOf(ctx, message);
  if (found?.item.status !== "queued") return;
  await markItem(ctx, found.item, "failed", error);
  await finishIfDone(ctx, found.batch.id);
}

async function markItem(ctx: TenantCtx, item: PlaygroundItem, status: "failed", error: string) {
  await ctx.db
    .update(playgroundItems)
    .set({ status, error, updatedAt: ctx.now.toISOString() })
    .where(
      and(
        eq(playgroundItems.batchId, item.batchId),
        eq(playgroundItems.campaignLeadId, item.campaignLeadId),
        eq(playgroundItems.status, "queued"),
      ),
    );
}

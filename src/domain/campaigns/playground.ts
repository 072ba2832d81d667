import { and, asc, count, eq, or, sql } from "drizzle-orm";
import { asStatement, insertRowIfStatement, insertRows, runBatch } from "../../db/bulk";
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
import { enqueueJobs, type PlaygroundDraftMessage } from "../../platform/job-messages";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";
import { dispatchSoon } from "../webhooks/dispatch";
import { completionEvent } from "../webhooks/outbox";
import { getSender } from "../email/senders";
import { getCampaign } from "./campaigns";
import { writeDraft } from "./drafting";
import { promptVersionHash, resolvePrompt } from "./prompts";

export const PLAYGROUND_COMPLETED = "playground.batch.completed";

export interface GenerateRequest {
  step_index: number;
  n_leads: number;
  custom_prompt?: string | null;
}

/**
 * Enqueues one draft per lead: up to `n_leads` PERSONALIZATION-assigned leads of the campaign
 * without a draft for this step and prompt version, in the order they joined. Every call is a
 * fresh batch (the seed's V1); the batch and its items are written before the messages are sent.
 */
export async function enqueueDrafts(ctx: TenantCtx, campaignId: string, request: GenerateRequest) {
  const campaign = await getCampaign(ctx, campaignId);
  const step = campaign.steps[request.step_index - 1];
  if (!step)
    throw ApiError.invalidField(
      "step_index",
      "out_of_range",
      `the campaign has ${campaign.steps.length} step${campaign.steps.length === 1 ? "" : "s"}; step_index ${request.step_index} does not exist`,
    );
  const sender = campaign.senderId ? await getSender(ctx, campaign.senderId).catch(() => null) : null;
  const { prompt, source } = resolvePrompt(request.custom_prompt, campaign, sender);
  const hash = await promptVersionHash(prompt, request.step_index, step);
  const targets = await ctx.db
    .select({ id: campaignLeads.id })
    .from(campaignLeads)
    .where(
      and(
        ownedBy(campaignLeads, ctx),
        eq(campaignLeads.campaignId, campaign.id),
        eq(campaignLeads.assignment, "PERSONALIZATION"),
        sql`NOT EXISTS (SELECT 1 FROM ${drafts} WHERE ${drafts.campaignId} = ${campaign.id} AND ${drafts.campaignLeadId} = ${campaignLeads.id} AND ${drafts.promptVersionHash} = ${hash})`,
      ),
    )
    .orderBy(asc(campaignLeads.createdAt), asc(campaignLeads.id))
    .limit(request.n_leads);
  const at = ctx.now.toISOString();
  const batch: PlaygroundBatch = {
    id: crypto.randomUUID(),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    campaignId: campaign.id,
    stepIndex: request.step_index,
    promptVersionHash: hash,
    promptSource: source,
    prompt,
    total: targets.length,
    status: "queued",
    createdAt: at,
    completedAt: null,
    cancelledAt: null,
  };
  const items: PlaygroundItem[] = targets.map((t) => ({
    batchId: batch.id,
    campaignLeadId: t.id,
    tenantId: batch.tenantId,
    testMode: batch.testMode,
    status: "queued",
    error: null,
    updatedAt: at,
  }));
  await runBatch(ctx.db, [
    asStatement(ctx.db, ctx.db.insert(playgroundBatches).values(batch)),
    ...insertRows(ctx.db, playgroundItems, items),
  ]);
  const messages = items.map(
    (item): PlaygroundDraftMessage => ({
      type: "playground.draft",
      tenantId: batch.tenantId,
      testMode: batch.testMode,
      batchId: batch.id,
      campaignLeadId: item.campaignLeadId,
    }),
  );
  await enqueueJobs(ctx.env.JOBS, messages);
  if (items.length === 0) await finishIfDone(ctx, batch.id);
  return { batch, enqueuedLeadIds: targets.map((t) => t.id) };
}

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
 */
export async function consumeDraft(ctx: TenantCtx, message: PlaygroundDraftMessage): Promise<"written" | "skipped"> {
  const found = await itemOf(ctx, message);
  if (!found) throw new Error(`playground batch ${message.batchId} has no item for ${message.campaignLeadId}`);
  const { batch, item } = found;
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
    provenance: text.provenance as unknown as Record<string, unknown>,
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
  await finishIfDone(ctx, batch.id);
  return "written";
}

/** A message that ran out of retries (the dead-letter queue): its item is failed, visibly. */
export async function failDraft(ctx: TenantCtx, message: PlaygroundDraftMessage, error: string): Promise<void> {
  const found = await itemOf(ctx, message);
  if (!found || found.item.status !== "queued") return;
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

/**
 * Completes the batch once no item is queued, and writes `playground.batch.completed` once: the
 * completion is a conditional update, and the event's id comes from the batch, so every message
 * may try and only one event exists.
 */
async function finishIfDone(ctx: TenantCtx, batchId: string): Promise<void> {
  const at = ctx.now.toISOString();
  await ctx.db
    .update(playgroundBatches)
    .set({ status: "completed", completedAt: at })
    .where(
      and(
        eq(playgroundBatches.id, batchId),
        eq(playgroundBatches.status, "queued"),
        sql`NOT EXISTS (SELECT 1 FROM ${playgroundItems} WHERE ${playgroundItems.batchId} = ${batchId} AND ${playgroundItems.status} = 'queued')`,
      ),
    );
  const view = await batchCounts(ctx, batchId);
  if (view.batch.status !== "completed") return;
  const payload = {
    event: PLAYGROUND_COMPLETED,
    timestamp: view.batch.completedAt ?? at,
    data: {
      campaign_id: view.batch.campaignId,
      batch_id: batchId,
      step_index: view.batch.stepIndex,
      prompt_version_hash: view.batch.promptVersionHash,
      total: view.batch.total,
      ...view.counts,
    },
  };
  await runBatch(ctx.db, [completionEvent(ctx.db, view.batch, PLAYGROUND_COMPLETED, payload, ctx.now)]);
  dispatchSoon(ctx);
}

async function batchCounts(ctx: TenantCtx, batchId: string) {
  const batch = await findOwned(ctx, playgroundBatches, batchId, "Batch");
  const rows = await ctx.db
    .select({ status: playgroundItems.status, n: count() })
    .from(playgroundItems)
    .where(eq(playgroundItems.batchId, batchId))
    .groupBy(playgroundItems.status);
  const counts = { queued: 0, done: 0, failed: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return { batch, counts };
}

export async function playgroundBatch(ctx: TenantCtx, campaignId: string, batchId: string) {
  const view = await batchCounts(ctx, batchId);
  if (view.batch.campaignId !== campaignId) throw new ApiError("not_found", `Batch ${batchId} does not exist`);
  return view;
}

/** Cancels a batch: its queued items are cancelled, and consumers check D1 before writing. */
export async function cancelBatch(ctx: TenantCtx, campaignId: string, batchId: string) {
  const { batch } = await playgroundBatch(ctx, campaignId, batchId);
  if (batch.status !== "queued")
    throw new ApiError("conflict", `Batch ${batchId} is already ${batch.status}`, [
      { field: "batch_id", code: "not_queued", message: `the batch is ${batch.status}` },
    ]);
  const at = ctx.now.toISOString();
  await ctx.db.batch([
    ctx.db
      .update(playgroundBatches)
      .set({ status: "cancelled", cancelledAt: at })
      .where(and(eq(playgroundBatches.id, batchId), eq(playgroundBatches.status, "queued"))),
    ctx.db
      .update(playgroundItems)
      .set({ status: "cancelled", updatedAt: at })
      .where(and(eq(playgroundItems.batchId, batchId), eq(playgroundItems.status, "queued"))),
  ]);
  return playgroundBatch(ctx, campaignId, batchId);
}

export async function listDrafts(
  ctx: TenantCtx,
  campaignId: string,
  filter: { batchId?: string; stepIndex?: number; leadId?: string },
  page: { limit: number; offset: number },
): Promise<Draft[]> {
  await getCampaign(ctx, campaignId);
  return ctx.db
    .select()
    .from(drafts)
    .where(
      and(
        ownedBy(drafts, ctx),
        eq(drafts.campaignId, campaignId),
        filter.batchId ? eq(drafts.batchId, filter.batchId) : undefined,
        filter.stepIndex ? eq(drafts.stepIndex, filter.stepIndex) : undefined,
        filter.leadId ? or(eq(drafts.leadId, filter.leadId), eq(drafts.campaignLeadId, filter.leadId)) : undefined,
      ),
    )
    .orderBy(asc(drafts.createdAt), asc(drafts.id))
    .limit(page.limit)
    .offset(page.offset);
}

import { and, asc, count, eq, or, sql } from "drizzle-orm";
import { asStatement, insertRows, runBatch } from "../../db/bulk";
import {
  campaignLeads,
  type Draft,
  drafts,
  type PlaygroundBatch,
  type PlaygroundItem,
  playgroundBatches,
  playgroundItems,
} from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { enqueueJobs, type PlaygroundDraftMessage } from "../../platform/job-messages";
import type { TenantCtx } from "../context";
import { getSender } from "../email/senders";
import { findOwned } from "../owned";
import { dispatchSoon } from "../webhooks/dispatch";
import { completionEvent } from "../webhooks/outbox";
import { getCampaign } from "./campaigns";
import { promptVersionHash, resolvePrompt } from "./prompts";

export const PLAYGROUND_COMPLETED = "playground.batch.completed";

export interface GenerateRequest {
  step_index: number;
  n_leads: number;
  custom_prompt?: string | null;
}

/** A lead generate left out, and why. */
export interface SkippedLead {
  campaignLeadId: string;
  batchId: string;
  reason: string;
}

/**
 * Enqueues one draft per lead: up to `n_leads` PERSONALIZATION-assigned leads of the campaign, in
 * the order they joined. Every call is a fresh batch (the seed's V1): the seed's idempotency tuple
 * includes batch_id, so generating again with the same prompt drafts the step's leads again. A lead
 * still queued in a running batch for this step and prompt version is skipped, with the reason,
 * since that batch is drafting the same thing. The batch and its items are written before the
 * messages are sent.
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
  const personalization = and(
    ownedBy(campaignLeads, ctx),
    eq(campaignLeads.campaignId, campaign.id),
    eq(campaignLeads.assignment, "PERSONALIZATION"),
  );
  // Leads being drafted now: queued in a running batch of this campaign, step and prompt version.
  const running = await ctx.db
    .select({ campaignLeadId: playgroundItems.campaignLeadId, batchId: playgroundItems.batchId })
    .from(playgroundItems)
    .innerJoin(playgroundBatches, eq(playgroundBatches.id, playgroundItems.batchId))
    .innerJoin(campaignLeads, eq(campaignLeads.id, playgroundItems.campaignLeadId))
    .where(
      and(
        personalization,
        eq(playgroundBatches.campaignId, campaign.id),
        eq(playgroundBatches.stepIndex, request.step_index),
        eq(playgroundBatches.promptVersionHash, hash),
        eq(playgroundBatches.status, "queued"),
        eq(playgroundItems.status, "queued"),
      ),
    )
    .orderBy(asc(campaignLeads.createdAt), asc(campaignLeads.id));
  const busy = new Map(running.map((r) => [r.campaignLeadId, r.batchId]));
  const targets = await ctx.db
    .select({ id: campaignLeads.id })
    .from(campaignLeads)
    .where(
      and(
        personalization,
        sql`NOT EXISTS (SELECT 1 FROM ${playgroundItems} INNER JOIN ${playgroundBatches} ON ${playgroundBatches.id} = ${playgroundItems.batchId}
          WHERE ${playgroundItems.campaignLeadId} = ${campaignLeads.id} AND ${playgroundItems.status} = 'queued'
          AND ${playgroundBatches.status} = 'queued' AND ${playgroundBatches.stepIndex} = ${request.step_index}
          AND ${playgroundBatches.promptVersionHash} = ${hash})`,
      ),
    )
    .orderBy(asc(campaignLeads.createdAt), asc(campaignLeads.id))
    .limit(request.n_leads);
  const skipped: SkippedLead[] = [...busy].map(([campaignLeadId, batchId]) => ({
    campaignLeadId,
    batchId,
    reason: `already being drafted in running batch ${batchId} for this step and prompt version`,
  }));
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
  return { batch, enqueuedLeadIds: targets.map((t) => t.id), skipped };
}

/**
 * Completes the batch once no item is queued, and writes `playground.batch.completed` once: the
 * completion is a conditional update, and the event's id comes from the batch, so every message
 * may try and only one event exists.
 */
export async function finishIfDone(ctx: TenantCtx, batchId: string): Promise<void> {
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

import { and, desc, eq, sql } from "drizzle-orm";
import { runBatch } from "../../db/bulk";
import { campaignLeads, drafts, holdsCampaignStep, type Lead, leads, messages, type SendBatch, sendBatches } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { prepareMessage, sendingSender } from "../email/messages";
import { dispatchEmailSoon } from "../email/outbox";
import { finishSendBatchIfDone } from "../email/send-batches";
import { suppressedAmong } from "../email/suppressions";
import { findOwned } from "../owned";
import { checkCampaignSends, getCampaign } from "./campaigns";

// Sending one campaign step to the campaign's leads: one message per lead, each lead's own draft
// for the step as its body (else the step's template), through the campaign's sender. Each
// message then waits for the sender's window and daily limit in its own Workflow.

/** Messages written per D1 batch: each is a message row and its outbox row. */
const MESSAGES_PER_WRITE = 50;

export interface StepSend {
  batch: SendBatch;
  /**
   * Leads left out: no email address, or the step already went to them (a message of it that was
   * suppressed, or failed for a known reason, does not count: the step goes again).
   */
  skipped: { lead_id: string; reason: "no_email" | "already_sent" | "suppressed" }[];
}

/** Each campaign lead's newest draft for the step, by campaign lead. */
async function draftsFor(ctx: TenantCtx, campaignId: string, stepIndex: number): Promise<Map<string, { subject: string; body: string }>> {
  const rows = await ctx.db
    .select({ campaignLeadId: drafts.campaignLeadId, subject: drafts.subject, body: drafts.body })
    .from(drafts)
    .where(and(ownedBy(drafts, ctx), eq(drafts.campaignId, campaignId), eq(drafts.stepIndex, stepIndex)))
    .orderBy(desc(drafts.createdAt));
  const newest = new Map<string, { subject: string; body: string }>();
  for (const row of rows) if (!newest.has(row.campaignLeadId)) newest.set(row.campaignLeadId, row);
  return newest;
}

/**
 * The leads whose message of the step was suppressed and whose address still is: a re-send lists
 * them as skipped instead of recording another suppressed message each time.
 */
async function stillSuppressed(ctx: TenantCtx, campaignId: string, stepIndex: number, members: { lead: Lead }[]): Promise<Set<string>> {
  const rows = await ctx.db
    .select({ leadId: messages.leadId })
    .from(messages)
    .where(
      and(
        ownedBy(messages, ctx),
        eq(messages.campaignId, campaignId),
        eq(messages.stepIndex, stepIndex),
        eq(messages.status, "suppressed"),
      ),
    );
  const before = new Set(rows.map((row) => row.leadId));
  const again = members.map((m) => m.lead).filter((lead) => before.has(lead.id) && lead.email);
  const onList = await suppressedAmong(
    ctx,
    again.map((lead) => lead.email!),
  );
  return new Set(again.filter((lead) => onList.has(lead.email!.toLowerCase())).map((lead) => lead.id));
}

/** The campaign's leads the step already went to (or may have: see holdsCampaignStep). */
async function leadsHoldingStep(ctx: TenantCtx, campaignId: string, stepIndex: number): Promise<Set<string>> {
  const rows = await ctx.db
    .select({ leadId: messages.leadId })
    .from(messages)
    .where(
      and(ownedBy(messages, ctx), eq(messages.campaignId, campaignId), eq(messages.stepIndex, stepIndex), holdsCampaignStep(messages)),
    );
  return new Set(rows.map((m) => m.leadId));
}

/**
 * Ends the batch's preparation: its total becomes the number of messages written for it, which is
 * fewer than its targets when a send of the same step that raced this one wrote some of their
 * messages first (the unique index kept this batch's out). A batch left with none is completed,
 * as one with no targets is, without a webhook.
 */
async function closePreparation(ctx: TenantCtx, batchId: string): Promise<number> {
  const written = sql<number>`(SELECT COUNT(*) FROM ${messages} WHERE ${and(ownedBy(messages, ctx), eq(messages.sendBatchId, batchId))})`;
  const [closed] = await ctx.db
    .update(sendBatches)
    .set({
      total: written,
      status: sql`CASE WHEN ${written} = 0 THEN 'completed' ELSE 'sending' END`,
      completedAt: sql`CASE WHEN ${written} = 0 THEN ${ctx.now.toISOString()} END`,
    })
    .where(and(ownedBy(sendBatches, ctx), eq(sendBatches.id, batchId)))
    .returning({ total: sendBatches.total });
  return closed!.total;
}

/** The targets whose message a racing send of the same step wrote first. */
async function keptOut(ctx: TenantCtx, batchId: string, targets: { lead: Lead }[]): Promise<StepSend["skipped"]> {
  const rows = await ctx.db
    .select({ leadId: messages.leadId })
    .from(messages)
    .where(and(ownedBy(messages, ctx), eq(messages.sendBatchId, batchId)));
  const written = new Set(rows.map((m) => m.leadId));
  return targets.filter((t) => !written.has(t.lead.id)).map((t) => ({ lead_id: t.lead.id, reason: "already_sent" as const }));
}

export async function sendStep(ctx: TenantCtx, campaignId: string, stepIndex: number, requestOrigin: string): Promise<StepSend> {
  const campaign = await getCampaign(ctx, campaignId);
  checkCampaignSends(campaign);
  const step = campaign.steps[stepIndex - 1];
  if (!step)
    throw ApiError.invalidField(
      "step_index",
      "out_of_range",
      `the campaign has ${campaign.steps.length} steps; step_index ${stepIndex} does not exist`,
    );
  if (!campaign.senderId)
    throw ApiError.invalidField("sender_id", "required", "the campaign has no sender: set sender_id on the campaign first");
  const sender = await sendingSender(ctx, campaign.senderId);
  const members = await ctx.db
    .select({ member: campaignLeads, lead: leads })
    .from(campaignLeads)
    .innerJoin(leads, and(eq(leads.tenantId, campaignLeads.tenantId), eq(leads.id, campaignLeads.leadId)))
    .where(and(ownedBy(campaignLeads, ctx), eq(campaignLeads.campaignId, campaign.id)))
    .orderBy(campaignLeads.createdAt, campaignLeads.id);
  const alreadySent = await leadsHoldingStep(ctx, campaign.id, stepIndex);
  const stillOnList = await stillSuppressed(ctx, campaign.id, stepIndex, members);
  const personal = await draftsFor(ctx, campaign.id, stepIndex);
  const skipped: StepSend["skipped"] = [];
  const targets: { lead: Lead & { email: string }; body: { subject: string; text: string } }[] = [];
  for (const { member, lead } of members) {
    if (!lead.email) skipped.push({ lead_id: lead.id, reason: "no_email" });
    else if (alreadySent.has(lead.id)) skipped.push({ lead_id: lead.id, reason: "already_sent" });
    else if (stillOnList.has(lead.id)) skipped.push({ lead_id: lead.id, reason: "suppressed" });
    else {
      const draft = personal.get(member.id);
      targets.push({
        lead: lead as Lead & { email: string },
        body: draft ? { subject: draft.subject, text: draft.body } : { subject: step.subject, text: step.body },
      });
    }
  }
  const at = ctx.now.toISOString();
  const batch: SendBatch = {
    id: newId("sbt", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    campaignId: campaign.id,
    stepIndex,
    senderId: sender.id,
    total: targets.length,
    // `preparing` until every message is written, so early messages finishing cannot complete it.
    status: targets.length === 0 ? "completed" : "preparing",
    createdAt: at,
    completedAt: targets.length === 0 ? at : null,
  };
  await ctx.db.insert(sendBatches).values(batch);
  const suppressed = await suppressedAmong(
    ctx,
    targets.map((t) => t.lead.email),
  );
  for (let start = 0; start < targets.length; start += MESSAGES_PER_WRITE) {
    const statements: D1PreparedStatement[] = [];
    for (const target of targets.slice(start, start + MESSAGES_PER_WRITE)) {
      // A concurrent send of the same step may write this lead's message first: then this one is
      // not written, nor its outbox row (the unique index on campaign, step and lead); closePreparation counts what was.
      const prepared = await prepareMessage(ctx, sender, target.lead, target.body, requestOrigin, {
        campaignId: campaign.id,
        stepIndex,
        sendBatchId: batch.id,
        suppressed: suppressed.has(target.lead.email.toLowerCase()),
      });
      statements.push(...prepared.statements);
    }
    await runBatch(ctx.db, statements);
  }
  if (targets.length > 0) {
    const total = await closePreparation(ctx, batch.id);
    if (total < targets.length) skipped.push(...(await keptOut(ctx, batch.id, targets)));
    if (total > 0) {
      dispatchEmailSoon(ctx);
      await finishSendBatchIfDone(ctx, batch.id);
    }
  }
  return { batch: (await findOwned(ctx, sendBatches, batch.id, "Send batch")) as SendBatch, skipped };
}

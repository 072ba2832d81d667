import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { insertRows, runBatch } from "../../db/bulk";
import { type Campaign, type CampaignLead, type CampaignStep, campaignLeads, campaigns, leads } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { checkTemplate } from "../email/merge-fields";
import { getSender } from "../email/senders";
import { findOwned } from "../owned";
import { getDefinition } from "../sequences/definitions";

export const MAX_STEPS = 32;

export interface CampaignInput {
  name: string;
  system_prompt?: string | null;
  sender_id?: string | null;
  workflow_id?: string | null;
  status?: Campaign["status"];
  steps: { channel?: "email"; subject: string; body: string; delay_days?: number }[];
}

const stepsOf = (input: CampaignInput["steps"]): CampaignStep[] =>
  input.map((s) => ({ channel: s.channel ?? "email", subject: s.subject, body: s.body, delay_days: s.delay_days ?? 0 }));

/** Refuses a step whose template has a merge field that cannot merge, naming the step's field. */
function checkSteps(steps: CampaignInput["steps"] | undefined): void {
  for (const [i, step] of (steps ?? []).entries()) {
    checkTemplate(`steps[${i}].subject`, step.subject);
    checkTemplate(`steps[${i}].body`, step.body);
  }
}

async function checkLinks(ctx: TenantCtx, input: Partial<CampaignInput>) {
  checkSteps(input.steps);
  if (input.sender_id)
    await getSender(ctx, input.sender_id).catch(() => {
      throw ApiError.invalidField("sender_id", "not_found", `sender ${input.sender_id} does not exist`);
    });
  if (input.workflow_id)
    await getDefinition(ctx, input.workflow_id).catch(() => {
      throw ApiError.invalidField("workflow_id", "not_found", `workflow ${input.workflow_id} does not exist`);
    });
}

export async function createCampaign(ctx: TenantCtx, input: CampaignInput): Promise<Campaign> {
  await checkLinks(ctx, input);
  const at = ctx.now.toISOString();
  const campaign: Campaign = {
    id: crypto.randomUUID(),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    name: input.name,
    systemPrompt: input.system_prompt ?? null,
    senderId: input.sender_id ?? null,
    workflowId: input.workflow_id ?? null,
    status: input.status ?? "draft",
    steps: stepsOf(input.steps),
    createdAt: at,
    updatedAt: at,
  };
  await ctx.db.insert(campaigns).values(campaign);
  return campaign;
}

export const getCampaign = (ctx: TenantCtx, id: string) => findOwned(ctx, campaigns, id, "Campaign");
/** A paused or archived campaign sends nothing: sending a step or running it as a sequence is a 409 naming `status`. */
export function checkCampaignSends(campaign: Campaign): void {
  if (campaign.status !== "paused" && campaign.status !== "archived") return;
  throw new ApiError("conflict", `Campaign ${campaign.id} is ${campaign.status}: set its status to active to send it`, [
    {
      field: "status",
      code: `campaign_${campaign.status}`,
      message: `the campaign is ${campaign.status}; only a draft or active one sends`,
    },
  ]);
}

export const listCampaigns = (ctx: TenantCtx) =>
  ctx.db.select().from(campaigns).where(ownedBy(campaigns, ctx)).orderBy(desc(campaigns.createdAt));

export async function updateCampaign(ctx: TenantCtx, id: string, change: Partial<CampaignInput>): Promise<Campaign> {
  await getCampaign(ctx, id);
  await checkLinks(ctx, change);
  const [updated] = await ctx.db
    .update(campaigns)
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.system_prompt !== undefined ? { systemPrompt: change.system_prompt } : {}),
      ...(change.sender_id !== undefined ? { senderId: change.sender_id } : {}),
      ...(change.workflow_id !== undefined ? { workflowId: change.workflow_id } : {}),
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.steps !== undefined ? { steps: stepsOf(change.steps) } : {}),
      updatedAt: ctx.now.toISOString(),
    })
    .where(and(ownedBy(campaigns, ctx), eq(campaigns.id, id)))
    .returning();
  return updated!;
}

export async function deleteCampaign(ctx: TenantCtx, id: string): Promise<void> {
  await getCampaign(ctx, id);
  await ctx.db.batch([
    ctx.db.delete(campaignLeads).where(and(ownedBy(campaignLeads, ctx), eq(campaignLeads.campaignId, id))),
    ctx.db.delete(campaigns).where(and(ownedBy(campaigns, ctx), eq(campaigns.id, id))),
  ]);
}

/**
 * Adds tenant leads to a campaign with an assignment; a lead already in the campaign takes the new
 * assignment. Unknown lead ids are reported, not added.
 */
export async function addCampaignLeads(ctx: TenantCtx, campaignId: string, leadIds: string[], assignment: CampaignLead["assignment"]) {
  await getCampaign(ctx, campaignId);
  const ids = [...new Set(leadIds)];
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += 90)
    for (const row of await ctx.db
      .select({ id: leads.id })
      .from(leads)
      .where(and(ownedBy(leads, ctx), inArray(leads.id, ids.slice(i, i + 90)))))
      known.add(row.id);
  const existing = new Map<string, CampaignLead>();
  const knownIds = [...known];
  for (let i = 0; i < knownIds.length; i += 90) {
    for (const row of await ctx.db
      .select()
      .from(campaignLeads)
      .where(
        and(
          ownedBy(campaignLeads, ctx),
          eq(campaignLeads.campaignId, campaignId),
          inArray(campaignLeads.leadId, knownIds.slice(i, i + 90)),
        ),
      ))
      existing.set(row.leadId, row);
  }
  const at = ctx.now.toISOString();
  const added: CampaignLead[] = knownIds
    .filter((id) => !existing.has(id))
    .map((leadId) => ({
      id: crypto.randomUUID(),
      tenantId: ctx.tenant.id,
      testMode: ctx.testMode,
      campaignId,
      leadId,
      assignment,
      createdAt: at,
    }));
  const reassigned = [...existing.values()].filter((row) => row.assignment !== assignment);
  await runBatch(ctx.db, insertRows(ctx.db, campaignLeads, added));
  for (let i = 0; i < reassigned.length; i += 90) {
    await ctx.db
      .update(campaignLeads)
      .set({ assignment })
      .where(
        inArray(
          campaignLeads.id,
          reassigned.slice(i, i + 90).map((r) => r.id),
        ),
      );
  }
  return {
    added,
    reassigned: reassigned.length,
    unchanged: existing.size - reassigned.length,
    not_found: ids.filter((id) => !known.has(id)),
  };
}

export async function listCampaignLeads(
  ctx: TenantCtx,
  campaignId: string,
  filter: { assignment?: CampaignLead["assignment"] },
  page: { limit: number; offset: number },
) {
  await getCampaign(ctx, campaignId);
  return ctx.db
    .select()
    .from(campaignLeads)
    .where(
      and(
        ownedBy(campaignLeads, ctx),
        eq(campaignLeads.campaignId, campaignId),
        filter.assignment ? eq(campaignLeads.assignment, filter.assignment) : undefined,
      ),
    )
    .orderBy(asc(campaignLeads.createdAt), asc(campaignLeads.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function removeCampaignLead(ctx: TenantCtx, campaignId: string, campaignLeadId: string): Promise<void> {
  const removed = await ctx.db
    .delete(campaignLeads)
    .where(and(ownedBy(campaignLeads, ctx), eq(campaignLeads.campaignId, campaignId), eq(campaignLeads.id, campaignLeadId)))
    .returning({ id: campaignLeads.id });
  if (removed.length === 0) throw new ApiError("not_found", `Campaign lead ${campaignLeadId} is not in campaign ${campaignId}`);
}

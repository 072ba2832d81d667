import { and, desc, eq } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import { type LeadEvent, leadEvents, type Opportunity, opportunities } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { getLead } from "../leads/leads";
import { deleteOwned, findOwned } from "../owned";
import { recordOutcomes } from "../scoring/outcomes";
import { statusesFor } from "../statuses/statuses";

export interface OpportunityInput {
  leadId: string;
  name: string;
  amount?: number | null;
  currency?: string;
  stage?: string;
  probability?: number;
  closeDate?: string | null;
}

async function stageOf(ctx: TenantCtx, code: string | undefined) {
  const stages = await statusesFor(ctx, "opportunity");
  const stage = code === undefined ? (stages.find((s) => s.isDefault) ?? stages[0]) : stages.find((s) => s.code === code);
  if (!stage)
    throw ApiError.invalidField(
      "stage",
      "unknown_stage",
      `${code} is not one of this tenant's opportunity stages: ${stages.map((s) => s.code).join(", ")}`,
    );
  return stage;
}

function stageEvent(ctx: TenantCtx, opportunity: Opportunity, from: string | null, to: string, flowId: string | null): LeadEvent {
  return {
    id: newId("evt", ctx.now.getTime()),
    tenantId: opportunity.tenantId,
    testMode: opportunity.testMode,
    leadId: opportunity.leadId,
    flowId,
    type: "opportunity_stage_changed",
    outcome: "success",
    reason: null,
    data: { opportunity_id: opportunity.id, from, to, amount: opportunity.amount },
    createdAt: ctx.now.toISOString(),
  };
}

/** A closed stage is an outcome for the lead: won converted (at the deal's amount), lost did not. */
async function recordClose(ctx: TenantCtx, opportunity: Opportunity, stage: { isClosed: boolean; isWon: boolean }) {
  if (stage.isClosed)
    await recordOutcomes(ctx, [
      {
        lead_id: opportunity.leadId,
        converted: stage.isWon,
        ...(stage.isWon && opportunity.amount !== null ? { value: opportunity.amount } : {}),
      },
    ]);
}

/** A deal for a lead; its probability starts from its stage's unless given. */
export async function createOpportunity(ctx: TenantCtx, input: OpportunityInput): Promise<Opportunity> {
  const lead = await getLead(ctx, input.leadId).catch(() => {
    throw ApiError.invalidField("leadId", "not_found", `lead ${input.leadId} does not exist`);
  });
  const stage = await stageOf(ctx, input.stage);
  const at = ctx.now.toISOString();
  const opportunity: Opportunity = {
    id: newId("opp", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    leadId: lead.id,
    name: input.name,
    amount: input.amount ?? null,
    currency: input.currency ?? "USD",
    stage: stage.code,
    probability: input.probability ?? stage.defaultProbability ?? 0,
    closeDate: input.closeDate ?? null,
    closedAt: stage.isClosed ? at : null,
    createdAt: at,
    updatedAt: at,
  };
  await runBatch(ctx.db, [
    asStatement(ctx.db, ctx.db.insert(opportunities).values(opportunity)),
    asStatement(ctx.db, ctx.db.insert(leadEvents).values(stageEvent(ctx, opportunity, null, stage.code, lead.flowId))),
  ]);
  await recordClose(ctx, opportunity, stage);
  return opportunity;
}

export const getOpportunity = (ctx: TenantCtx, id: string) => findOwned(ctx, opportunities, id, "Opportunity");
export const deleteOpportunity = (ctx: TenantCtx, id: string) => deleteOwned(ctx, opportunities, id, "Opportunity");

export async function listOpportunities(
  ctx: TenantCtx,
  filter: { leadId?: string; stage?: string },
  page: { limit: number; offset: number },
): Promise<Opportunity[]> {
  return ctx.db
    .select()
    .from(opportunities)
    .where(
      and(
        ownedBy(opportunities, ctx),
        filter.leadId ? eq(opportunities.leadId, filter.leadId) : undefined,
        filter.stage ? eq(opportunities.stage, filter.stage) : undefined,
      ),
    )
    .orderBy(desc(opportunities.createdAt))
    .limit(page.limit)
    .offset(page.offset);
}

/** Changes a deal; a new stage is recorded on the lead and, when it closes the deal, as an outcome. */
export async function updateOpportunity(
  ctx: TenantCtx,
  id: string,
  change: Partial<Omit<OpportunityInput, "leadId">>,
): Promise<Opportunity> {
  const current = await getOpportunity(ctx, id);
  const stage = change.stage !== undefined && change.stage !== current.stage ? await stageOf(ctx, change.stage) : null;
  const at = ctx.now.toISOString();
  const updated: Opportunity = {
    ...current,
    ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
    ...(stage
      ? {
          stage: stage.code,
          probability: change.probability ?? stage.defaultProbability ?? current.probability,
          closedAt: stage.isClosed ? at : null,
        }
      : {}),
    updatedAt: at,
  } as Opportunity;
  const lead = await getLead(ctx, current.leadId);
  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db
        .update(opportunities)
        .set(updated)
        .where(and(ownedBy(opportunities, ctx), eq(opportunities.id, id))),
    ),
    ...(stage
      ? [asStatement(ctx.db, ctx.db.insert(leadEvents).values(stageEvent(ctx, updated, current.stage, stage.code, lead.flowId)))]
      : []),
  ]);
  if (stage) await recordClose(ctx, updated, stage);
  return updated;
}

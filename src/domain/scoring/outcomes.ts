import { and, eq, inArray } from "drizzle-orm";
import { asStatement, insertRows, runBatch } from "../../db/bulk";
import { type Lead, type LeadEvent, leadEvents, leads } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { newId } from "../../platform/ids";
import { errorFields, log } from "../../platform/log";
import { countConversion } from "../analytics/daily-stats";
import type { TenantCtx } from "../context";
import { liveObservations, watchLive } from "./live-monitor";
import { retrainIfDue, retrainNow } from "./models";

export interface OutcomeInput {
  lead_id: string;
  converted: boolean;
  value?: number;
}

export type OutcomeResult =
  | { lead_id: string; status: "recorded"; converted: boolean; value: number | null }
  | { lead_id: string; status: "not_found" };

/**
 * Records whether leads converted: the labels each tenant's scoring model is trained on. A lead
 * may change its outcome (a won deal lost later); the newest one counts, in the daily analytics
 * too. The first outcome of a lead a trained model scored is a live test of that model
 * (`watchLive`), which may demote it.
 */
export async function recordOutcomes(ctx: TenantCtx, outcomes: OutcomeInput[]): Promise<OutcomeResult[]> {
  const ids = [...new Set(outcomes.map((o) => o.lead_id))];
  const found: Lead[] = [];
  for (let i = 0; i < ids.length; i += 90)
    found.push(
      ...(await ctx.db
        .select()
        .from(leads)
        .where(and(ownedBy(leads, ctx), inArray(leads.id, ids.slice(i, i + 90))))),
    );
  const byId = new Map(found.map((l) => [l.id, l]));
  const at = ctx.now.toISOString();
  const statements: D1PreparedStatement[] = [];
  const events: LeadEvent[] = [];
  const results = outcomes.map((outcome): OutcomeResult => {
    const lead = byId.get(outcome.lead_id);
    if (!lead) return { lead_id: outcome.lead_id, status: "not_found" };
    const value = outcome.value ?? null;
    statements.push(
      countConversion(ctx.db, lead, outcome.converted),
      asStatement(
        ctx.db,
        ctx.db
          .update(leads)
          .set({ converted: outcome.converted ? 1 : 0, outcomeValue: value, outcomeAt: at, updatedAt: at })
          .where(and(ownedBy(leads, ctx), eq(leads.id, lead.id))),
      ),
    );
    byId.set(lead.id, { ...lead, converted: outcome.converted ? 1 : 0 });
    events.push({
      id: newId("evt", ctx.now.getTime()),
      tenantId: lead.tenantId,
      testMode: lead.testMode,
      leadId: lead.id,
      flowId: lead.flowId,
      type: "outcome",
      outcome: "success",
      reason: null,
      data: { converted: outcome.converted, value },
      createdAt: at,
    });
    return { lead_id: lead.id, status: "recorded", converted: outcome.converted, value };
  });
  await runBatch(ctx.db, [...statements, ...insertRows(ctx.db, leadEvents, events)]);
  const labelled = found.flatMap((lead) => {
    const outcome = byId.get(lead.id);
    return outcome?.converted == null ? [] : [{ lead, converted: outcome.converted === 1 ? (1 as const) : (0 as const) }];
  });
  const demoted = await watchLive(ctx, await liveObservations(ctx, labelled));
  ctx.waitUntil(
    (demoted.length > 0 ? retrainNow(ctx) : retrainIfDue(ctx)).catch((error) =>
      log("error", "retraining check failed", { job: "retrainIfDue", tenant_id: ctx.tenant.id, ...errorFields(error) }),
    ),
  );
  return results;
}

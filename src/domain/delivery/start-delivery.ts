import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/database";
import { type Flow, type Lead, type LeadEvent, leadEvents, leads } from "../../db/schema";
import { D1_MAX_BOUND_PARAMETERS, slices } from "../../platform/limits";
import { errorFields, log } from "../../platform/log";
import { startInstances } from "../../platform/workflow-instances";
import type { Ctx, TenantCtx } from "../context";

const POLL_MS = 100;
export const MAX_SYNC_WAIT_MS = 30_000;
/** How long an accepted lead's delivery may stay unstarted before the minute cron starts it. */
export const DELIVERY_START_GRACE_MS = 60_000;

export function recipientSteps(flow: Flow): string[] {
  return flow.steps.filter((s) => s.type === "recipient").map((s) => s.id);
}

/** The lead as written: an accepted lead its flow delivers is marked pending until its Workflow exists. */
export function withDeliveryPending(flow: Flow, lead: Lead): Lead {
  const delivered = lead.status === "accepted" && recipientSteps(flow).length > 0;
  return delivered ? { ...lead, deliveryPendingSince: lead.createdAt } : lead;
}

/**
 * Starts delivery of accepted leads to the flow's recipients: one Workflow per lead, named by it,
 * so a second start of the same lead (the cron after a start whose marking was lost) is a no-op.
 * Throws when an instance could not be created; the leads then stay pending for the cron.
 */
export async function startLeadDeliveries(ctx: Ctx, flow: Flow, leadIds: string[], testMode: boolean): Promise<void> {
  const stepIds = recipientSteps(flow);
  if (stepIds.length === 0 || leadIds.length === 0) return;
  const instances = leadIds.map((leadId) => ({
    id: `deliver-${leadId}`,
    params: { tenantId: flow.tenantId, testMode, leadId, flowId: flow.id, stepIds },
  }));
  await startInstances(ctx.env.LEAD_DELIVERY, instances, "lead deliveries");
}

/** Clears the pending mark of leads whose delivery Workflow exists (or that have nothing to deliver). */
export async function markDeliveriesStarted(db: Database, tenantId: string, leadIds: string[]): Promise<void> {
  const marks = slices(leadIds, D1_MAX_BOUND_PARAMETERS - 5).map((part) =>
    db
      .update(leads)
      .set({ deliveryPendingSince: null })
      .where(and(eq(leads.tenantId, tenantId), inArray(leads.id, part))),
  );
  await Promise.all(marks);
}

/**
 * Starts the deliveries of leads intake has just committed. Their pending mark is in that commit,
 * so a start that fails is logged rather than thrown (the submission stands and the minute cron
 * starts them), and clearing the mark runs after the answer: if it is lost, the cron's start of
 * the same instance ids is a no-op. Says whether the deliveries are under way.
 */
export async function startCommittedDeliveries(ctx: TenantCtx, flow: Flow, leadIds: string[], testMode: boolean): Promise<boolean> {
  if (recipientSteps(flow).length === 0 || leadIds.length === 0) return false;
  try {
    await startLeadDeliveries(ctx, flow, leadIds, testMode);
  } catch (error) {
    log("warn", "lead deliveries left to the cron", {
      job: "lead-delivery",
      flow_id: flow.id,
      leads: leadIds.length,
      ...errorFields(error),
    });
    return false;
  }
  ctx.waitUntil(
    markDeliveriesStarted(ctx.db, ctx.tenant.id, leadIds).catch((error) =>
      log("warn", "delivery marks left to the cron", { job: "lead-delivery", flow_id: flow.id, ...errorFields(error) }),
    ),
  );
  return true;
}

/** Waits up to `timeoutMs` for the lead's first delivery outcome (the synchronous submission mode). */
export async function awaitFirstDelivery(ctx: TenantCtx, leadId: string, timeoutMs: number): Promise<LeadEvent | null> {
  const deadline = Date.now() + Math.min(timeoutMs, MAX_SYNC_WAIT_MS);
  while (Date.now() < deadline) {
    const [event] = await ctx.db
      .select()
      .from(leadEvents)
      .where(and(eq(leadEvents.tenantId, ctx.tenant.id), eq(leadEvents.leadId, leadId), inArray(leadEvents.type, ["delivered", "failed"])))
      .limit(1);
    if (event) return event;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}

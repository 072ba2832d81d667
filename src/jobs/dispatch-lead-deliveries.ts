import { and, asc, inArray, isNotNull, lt } from "drizzle-orm";
import { openDatabase } from "../db/database";
import { flows, leads } from "../db/schema";
import { backgroundCtx } from "../domain/context";
import { DELIVERY_START_GRACE_MS, markDeliveriesStarted, startLeadDeliveries } from "../domain/delivery/start-delivery";
import { errorFields, log } from "../platform/log";

/** Leads looked at per run; the next minute takes the rest. */
const SWEEP_LIMIT = 500;

interface PendingLead {
  id: string;
  tenantId: string;
  testMode: boolean;
  flowId: string | null;
}

/** The leads of one flow and mode, which start as one batch of instances. */
function byFlow(pending: PendingLead[]): Map<string, PendingLead[]> {
  const groups = new Map<string, PendingLead[]>();
  for (const lead of pending) {
    const key = `${lead.tenantId}:${lead.flowId}:${lead.testMode}`;
    groups.set(key, [...(groups.get(key) ?? []), lead]);
  }
  return groups;
}

/**
 * Per-minute cron: starts the delivery of every accepted lead still marked pending a minute after
 * it was written, as when the Worker died between its D1 write and the Workflow start, or the
 * start failed. Instance ids are the leads' own, so a lead whose Workflow did start (and only its
 * mark was lost) is not delivered twice. A lead whose flow is gone or has no recipients any more
 * has nothing to deliver, and its mark is cleared too.
 */
export async function dispatchLeadDeliveries(env: Env, now: Date): Promise<number> {
  const db = openDatabase(env.DB);
  const cutoff = new Date(now.getTime() - DELIVERY_START_GRACE_MS).toISOString();
  const pending = await db
    .select({ id: leads.id, tenantId: leads.tenantId, testMode: leads.testMode, flowId: leads.flowId })
    .from(leads)
    .where(and(isNotNull(leads.deliveryPendingSince), lt(leads.deliveryPendingSince, cutoff)))
    .orderBy(asc(leads.deliveryPendingSince))
    .limit(SWEEP_LIMIT);
  if (pending.length === 0) return 0;
  const flowIds = [...new Set(pending.flatMap((l) => (l.flowId ? [l.flowId] : [])))];
  const found = flowIds.length > 0 ? await db.select().from(flows).where(inArray(flows.id, flowIds)) : [];
  const ctx = backgroundCtx(env, () => {});
  let started = 0;
  for (const group of byFlow(pending).values()) {
    const { tenantId, testMode, flowId } = group[0]!;
    const leadIds = group.map((l) => l.id);
    const flow = found.find((f) => f.id === flowId && f.tenantId === tenantId);
    try {
      if (flow) await startLeadDeliveries(ctx, flow, leadIds, testMode);
      await markDeliveriesStarted(db, tenantId, leadIds);
      started += leadIds.length;
    } catch (error) {
      // One flow's failure leaves its leads for the next run without holding up the others.
      log("error", "lead deliveries not started", { job: "lead-delivery", flow_id: flowId, leads: leadIds.length, ...errorFields(error) });
    }
  }
  return started;
}

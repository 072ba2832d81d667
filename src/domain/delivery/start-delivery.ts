import { and, eq, inArray } from "drizzle-orm";
import { type Flow, type LeadEvent, leadEvents } from "../../db/schema";
import { slices, WORKFLOW_CREATE_BATCH_MAX } from "../../platform/limits";
import type { TenantCtx } from "../context";

const POLL_MS = 100;
export const MAX_SYNC_WAIT_MS = 30_000;

export function recipientSteps(flow: Flow): string[] {
  return flow.steps.filter((s) => s.type === "recipient").map((s) => s.id);
}

/** Starts delivery of accepted leads to the flow's recipients: one Workflow per lead, named by it. */
export async function startLeadDeliveries(ctx: TenantCtx, flow: Flow, leadIds: string[], testMode: boolean): Promise<void> {
  const stepIds = recipientSteps(flow);
  if (stepIds.length === 0 || leadIds.length === 0) return;
  for (const part of slices(leadIds, WORKFLOW_CREATE_BATCH_MAX)) {
    await ctx.env.LEAD_DELIVERY.createBatch({
      instances: part.map((leadId) => ({
        id: `deliver-${leadId}`,
        params: { tenantId: ctx.tenant.id, testMode, leadId, flowId: flow.id, stepIds },
      })),
    });
  }
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

import { and, eq } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import { type Lead, type LeadEvent, leadEvents, leads } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { recordOutcomes } from "../scoring/outcomes";
import { dispatchEnrollmentsSoon, hasActiveSequences } from "../sequences/enrollments";
import { triggerStatement } from "../sequences/triggers";
import { statusesFor } from "../statuses/statuses";
import { getLead } from "./leads";

/**
 * Moves a lead to one of the tenant's lead statuses (the defaults until it configures its own),
 * recorded as a `status_changed` event. A closed status is an outcome for scoring: a won one
 * converted, a lost one did not.
 */
export async function changeLeadStatus(ctx: TenantCtx, leadId: string, code: string, reason?: string): Promise<Lead> {
  const lead = await getLead(ctx, leadId);
  if (lead.status === "rejected")
    throw new ApiError("conflict", `Lead ${leadId} was rejected at intake; its status cannot change`, [
      { field: "status", code: "rejected_lead", message: "The lead was rejected" },
    ]);
  const allowed = await statusesFor(ctx, "lead");
  const status = allowed.find((s) => s.code === code);
  if (!status)
    throw ApiError.invalidField(
      "status",
      "unknown_status",
      `${code} is not one of this tenant's lead statuses: ${allowed.map((s) => s.code).join(", ")}`,
    );
  if (lead.status === code) return lead;
  const at = ctx.now.toISOString();
  const event: LeadEvent = {
    id: newId("evt", ctx.now.getTime()),
    tenantId: lead.tenantId,
    testMode: lead.testMode,
    leadId: lead.id,
    flowId: lead.flowId,
    type: "status_changed",
    outcome: "success",
    reason: reason ?? null,
    data: { from: lead.status, to: code, closed: status.isClosed, won: status.isWon },
    createdAt: at,
  };
  const triggered = await hasActiveSequences(ctx);
  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db
        .update(leads)
        .set({ status: code, updatedAt: at })
        .where(and(ownedBy(leads, ctx), eq(leads.id, lead.id))),
    ),
    asStatement(ctx.db, ctx.db.insert(leadEvents).values(event)),
    ...(triggered
      ? [triggerStatement(ctx.db, lead, { type: "status_changed", status: code }, configOf(ctx.env).email.publicUrl ?? "", ctx.now)]
      : []),
  ]);
  if (triggered) dispatchEnrollmentsSoon(ctx);
  if (status.isClosed) await recordOutcomes(ctx, [{ lead_id: lead.id, converted: status.isWon }]);
  return getLead(ctx, lead.id);
}

import { and, eq } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import type { DefinitionNode } from "../../db/json/sequences";
import { leads, outboxEvents, sequenceEnrollments } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { changeLeadStatus } from "../leads/status";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { enrollLeads } from "./enrollments";
import { sequenceWebhookPayload } from "./events";
import { notifyOwner } from "./notify-owner";

// An action node does one thing to the lead (or for it) and says what came of it. A failure the
// lead's data explains (an unknown status, an inactive sequence) is the node's outcome, not an
// error: the enrollment goes on, and its path shows why.

export interface ActionOutcome {
  outcome: string;
  /** The `end` action: the enrollment completes here. */
  end?: boolean;
}

const tagsOf = (custom: Record<string, unknown>): string[] =>
  Array.isArray(custom.tags) ? custom.tags.filter((t): t is string => typeof t === "string") : [];

async function changeCustomFields(ctx: TenantCtx, leadId: string, change: (custom: Record<string, unknown>) => Record<string, unknown>) {
  const [lead] = await ctx.db
    .select({ customFields: leads.customFields })
    .from(leads)
    .where(and(ownedBy(leads, ctx), eq(leads.id, leadId)))
    .limit(1);
  if (!lead) return false;
  await ctx.db
    .update(leads)
    .set({ customFields: change(lead.customFields), updatedAt: ctx.now.toISOString() })
    .where(and(ownedBy(leads, ctx), eq(leads.id, leadId)));
  return true;
}

export async function runAction(ctx: TenantCtx, enrollmentId: string, node: DefinitionNode): Promise<ActionOutcome> {
  const [enrollment] = await ctx.db
    .select()
    .from(sequenceEnrollments)
    .where(and(ownedBy(sequenceEnrollments, ctx), eq(sequenceEnrollments.id, enrollmentId)))
    .limit(1);
  if (!enrollment) return { outcome: "skipped: the enrollment is gone" };
  const data = node.data;
  const leadId = enrollment.leadId;
  try {
    switch (data.actionType) {
      case "change_status":
        await changeLeadStatus(ctx, leadId, String(data.status), `sequence ${enrollment.sequenceId}`);
        return { outcome: `status ${String(data.status)}` };
      case "add_tag": {
        const tag = String(data.tag);
        await changeCustomFields(ctx, leadId, (c) => ({ ...c, tags: [...new Set([...tagsOf(c), tag])] }));
        return { outcome: `tagged ${tag}` };
      }
      case "remove_tag": {
        const tag = String(data.tag);
        await changeCustomFields(ctx, leadId, (c) => ({ ...c, tags: tagsOf(c).filter((t) => t !== tag) }));
        return { outcome: `untagged ${tag}` };
      }
      case "set_field":
        await changeCustomFields(ctx, leadId, (c) => ({ ...c, [String(data.field)]: data.value }));
        return { outcome: `set ${String(data.field)}` };
      case "send_webhook": {
        const payload = sequenceWebhookPayload("sequence.action", enrollment, ctx.now, { node_id: node.nodeId, name: String(data.event) });
        await runBatch(ctx.db, [
          asStatement(
            ctx.db,
            ctx.db
              .insert(outboxEvents)
              .values({ ...outboxEvent(enrollment, "sequence.action", payload, ctx.now), id: `evt_${enrollmentId}_${node.nodeId}_action` })
              .onConflictDoNothing(),
          ),
        ]);
        dispatchSoon(ctx);
        return { outcome: `webhook ${String(data.event)}` };
      }
      case "enroll": {
        const result = await enrollLeads(
          ctx,
          String(data.sequenceId),
          { lead_ids: [leadId] },
          `workflow:${enrollment.sequenceId}`,
          enrollment.publicUrl,
        );
        const skipped = Object.keys(result.skipped)[0];
        return { outcome: result.enrolled[0] ? `enrolled ${result.enrolled[0].id}` : `not enrolled: ${skipped}` };
      }
      case "notify_owner":
        return { outcome: await notifyOwner(ctx, enrollment, node) };
      case "end":
        return { outcome: "ended", end: true };
      default:
        return { outcome: `skipped: unknown action ${String(data.actionType)}` };
    }
  } catch (error) {
    if (error instanceof ApiError) return { outcome: `failed: ${error.message}` };
    throw error;
  }
}

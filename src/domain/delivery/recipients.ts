import { and, eq } from "drizzle-orm";
import { recipientHealth } from "../../db/schema";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { getFlow } from "../flows/flows";
import { recipientSettings } from "./recipient";

/** The flow's recipients with their health: active or paused, and the current run of errors. */
export async function listRecipients(ctx: TenantCtx, flowId: string) {
  const flow = await getFlow(ctx, flowId);
  const health = await ctx.db
    .select()
    .from(recipientHealth)
    .where(and(eq(recipientHealth.tenantId, ctx.tenant.id), eq(recipientHealth.flowId, flow.id)));
  return flow.steps
    .filter((s) => s.type === "recipient")
    .map((step) => {
      const h = health.find((row) => row.stepId === step.id);
      return {
        id: step.id,
        name: step.name,
        url: recipientSettings(step).url,
        status: h?.pausedAt ? ("paused" as const) : ("active" as const),
        consecutive_errors: h?.consecutiveErrors ?? 0,
        paused_at: h?.pausedAt ?? null,
        paused_reason: h?.pausedReason ?? null,
      };
    });
}

/** Puts a paused recipient back to work; leads that arrive from now on are delivered to it again. */
export async function resumeRecipient(ctx: TenantCtx, flowId: string, stepId: string) {
  const recipients = await listRecipients(ctx, flowId);
  const recipient = recipients.find((r) => r.id === stepId);
  if (!recipient) throw new ApiError("not_found", `Flow ${flowId} has no recipient ${stepId}`);
  await ctx.db
    .update(recipientHealth)
    .set({ consecutiveErrors: 0, pausedAt: null, pausedReason: null, updatedAt: ctx.now.toISOString() })
    .where(and(eq(recipientHealth.tenantId, ctx.tenant.id), eq(recipientHealth.flowId, flowId), eq(recipientHealth.stepId, stepId)));
  return { ...recipient, status: "active" as const, consecutive_errors: 0, paused_at: null, paused_reason: null };
}

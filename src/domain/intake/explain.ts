import type { TenantCtx } from "../context";
import { capWindows } from "../flows/cap-windows";
import { getFlow } from "../flows/flows";
import { flowGate } from "./gate";
import { prepareLead, type SubmissionItem } from "./prepare";
import { decide } from "./record";
import { REJECTION_REASON } from "./rules";
import { gateChecks } from "./submit";

/**
 * A dry run: what the flow would decide for this lead and why, rule by rule, including the
 * duplicate check and the caps as they stand now. Stores nothing and counts nothing.
 */
export async function explainLead(ctx: TenantCtx, flowId: string, item: SubmissionItem) {
  const flow = await getFlow(ctx, flowId);
  const prepared = await prepareLead(ctx, flow, item, ctx.testMode);
  const caps = capWindows(flow.settings, ctx.now.getTime());
  const gate = await flowGate(ctx, flow.id).peek(prepared.keys, flow.settings.duplicate_policy.window_days, caps, ctx.now.getTime());
  const checks = prepared.issues.length > 0 ? [] : [...prepared.checks, ...gateChecks(flow, gate.verdict, caps)];
  const decision = decide(checks, gate.verdict.duplicateOf);
  const valid = prepared.issues.length === 0;
  return {
    flow_id: flow.id,
    would_accept: valid && decision.status === "accepted" && flow.status === "active",
    status: valid ? decision.status : ("invalid" as const),
    reason: !valid ? "validation_failed" : decision.failed ? REJECTION_REASON[decision.failed.check] : null,
    validation: prepared.issues,
    lead_data: { ...prepared.fields, ...prepared.custom },
    enhancements: prepared.enhancements,
    quality_metrics: prepared.quality,
    checks,
    duplicate_of: gate.verdict.duplicateOf,
    volume_caps: gate.caps,
  };
}

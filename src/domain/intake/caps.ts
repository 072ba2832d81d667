import type { TenantCtx } from "../context";
import { capWindows } from "../flows/cap-windows";
import { getFlow } from "../flows/flows";
import { flowGate } from "./gate";

/** A flow's volume caps in its time zone: limit, used, remaining and when each resets. */
export async function readFlowCaps(ctx: TenantCtx, flowId: string) {
  const flow = await getFlow(ctx, flowId);
  const caps = capWindows(flow.settings, ctx.now.getTime());
  const state = await flowGate(ctx, flow.id).peek([], flow.settings.duplicate_policy.window_days, caps, ctx.now.getTime());
  return { flow_id: flow.id, timezone: flow.settings.timezone, caps: state.caps };
}

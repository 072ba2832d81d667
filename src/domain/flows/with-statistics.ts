import type { Flow } from "../../db/schema";
import type { TenantCtx } from "../context";
import { type FlowStatistics, flowStatistics, listFlows } from "./flows";

export interface FlowWithStatistics {
  flow: Flow;
  statistics: FlowStatistics;
}

/** A flow that has just been made has no leads yet. */
export const NO_STATISTICS: FlowStatistics = { total_leads: 0, acceptance_rate: 0, average_quality: 0 };

/** A flow with the statistics of its leads. */
export async function withStatistics(ctx: TenantCtx, flow: Flow): Promise<FlowWithStatistics> {
  const stats = await flowStatistics(ctx, [flow.id]);
  return { flow, statistics: stats.get(flow.id)! };
}

/** The tenant's flows in a status, newest first, each with its statistics (one query for all of them). */
export async function listFlowsWithStatistics(ctx: TenantCtx, status: "active" | "archived" | "all"): Promise<FlowWithStatistics[]> {
  const list = await listFlows(ctx, status);
  const stats = await flowStatistics(
    ctx,
    list.map((f) => f.id),
  );
  return list.map((flow) => ({ flow, statistics: stats.get(flow.id)! }));
}

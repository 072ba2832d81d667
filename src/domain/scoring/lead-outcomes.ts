import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { type OutcomeInput, type OutcomeResult, recordOutcomes } from "./outcomes";

type Recorded = Extract<OutcomeResult, { status: "recorded" }>;

/** One lead's outcome: an unknown lead is a 404 here, where the bulk form reports it instead. */
export async function recordLeadOutcome(ctx: TenantCtx, leadId: string, outcome: Omit<OutcomeInput, "lead_id">): Promise<Recorded> {
  const [result] = await recordOutcomes(ctx, [{ lead_id: leadId, ...outcome }]);
  if (!result || result.status === "not_found") throw new ApiError("not_found", `Lead ${leadId} does not exist`);
  return result;
}

export async function recordLeadOutcomes(
  ctx: TenantCtx,
  outcomes: OutcomeInput[],
): Promise<{ recorded: number; notFound: number; results: OutcomeResult[] }> {
  const results = await recordOutcomes(ctx, outcomes);
  const recorded = results.filter((r) => r.status === "recorded").length;
  return { recorded, notFound: results.length - recorded, results };
}

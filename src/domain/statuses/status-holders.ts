import { and, count, eq } from "drizzle-orm";
import { leads, opportunities, type Status } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";

/** How many of the tenant's leads (for a lead status) or opportunities (for a stage) hold the status's code. */
async function holdersOf(ctx: TenantCtx, status: Status): Promise<number> {
  const [held] =
    status.entityType === "lead"
      ? await ctx.db
          .select({ n: count() })
          .from(leads)
          .where(and(ownedBy(leads, ctx), eq(leads.status, status.code)))
      : await ctx.db
          .select({ n: count() })
          .from(opportunities)
          .where(and(ownedBy(opportunities, ctx), eq(opportunities.stage, status.code)));
  return held?.n ?? 0;
}

function holdersPhrase(status: Status, n: number): string {
  const them = n === 1 ? "it" : "them";
  if (status.entityType === "lead")
    return `${n} ${n === 1 ? "lead has" : "leads have"} status ${status.code}: move ${them} to another status (PATCH /api/v1/leads/{id})`;
  const held = `${n} ${n === 1 ? "opportunity is" : "opportunities are"} at stage ${status.code}`;
  return `${held}: move ${them} to another stage (PATCH /v1/opportunities/{id})`;
}

/**
 * Refuses to delete a status, or change its code, while leads or opportunities hold the code: they
 * would hold a code that names none of the tenant's statuses, and lose its closed or won state.
 */
export async function assertStatusUnheld(ctx: TenantCtx, status: Status, change: "delete" | "code"): Promise<void> {
  const n = await holdersOf(ctx, status);
  if (n === 0) return;
  const message = `${holdersPhrase(status, n)} before ${change === "delete" ? "deleting it" : "changing its code"}`;
  throw new ApiError("conflict", message, [{ field: change === "delete" ? "status_id" : "code", code: "status_in_use", message }]);
}

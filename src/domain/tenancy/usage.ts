import { and, count, eq, gte, isNotNull, lt } from "drizzle-orm";
import { messages } from "../../db/schema/email";
import { leads } from "../../db/schema/intake";
import { calendarMonth, PLAN_QUOTAS } from "../../platform/plans";
import type { WindowUsage } from "../../platform/quota";
import { durableObjectRateLimiter } from "../../platform/rate-limit";
import type { TenantCtx } from "../context";
import { leadGenerationQuota } from "../lead-generation/commands";

export interface AccountUsage {
  period: { start: Date; end: Date };
  /** The plan's request windows as the rate limiter counts them (this request included); none on unlimited plans. */
  requests: WindowUsage[];
  leadsReceived: number;
  emailsSent: number;
  leadGeneration: { quota: number; used: number; remaining: number };
}

/**
 * What the tenant has used, counted from what Leadedge already records: the rate limiter's
 * window counts, lead rows and message rows of this calendar month in the key's mode, and the
 * lead-generation commands holding the monthly quota. Nothing is estimated.
 */
export async function accountUsage(ctx: TenantCtx): Promise<AccountUsage> {
  const period = calendarMonth(ctx.now);
  const [start, end] = [period.start.toISOString(), period.end.toISOString()];
  const windows = PLAN_QUOTAS[ctx.tenant.plan];
  const [requests, [received], [sent], leadGeneration] = await Promise.all([
    windows.length > 0
      ? durableObjectRateLimiter(ctx.env.RATE_LIMITER, ctx.waitUntil).usage(ctx.tenant.id, ctx.testMode, windows, ctx.now.getTime())
      : [],
    ctx.db
      .select({ n: count() })
      .from(leads)
      .where(
        and(eq(leads.tenantId, ctx.tenant.id), eq(leads.testMode, ctx.testMode), gte(leads.createdAt, start), lt(leads.createdAt, end)),
      ),
    // Handed to the transport this month: a message bounced afterwards was still sent.
    ctx.db
      .select({ n: count() })
      .from(messages)
      .where(
        and(
          eq(messages.tenantId, ctx.tenant.id),
          eq(messages.testMode, ctx.testMode),
          isNotNull(messages.sentAt),
          gte(messages.sentAt, start),
          lt(messages.sentAt, end),
        ),
      ),
    leadGenerationQuota(ctx),
  ]);
  return { period, requests, leadsReceived: received?.n ?? 0, emailsSent: sent?.n ?? 0, leadGeneration };
}

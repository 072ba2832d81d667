import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { leadEvents } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { TenantCtx } from "../context";
import { getFlow } from "../flows/flows";

export interface EventFilter {
  event_type?: string;
  /** Inclusive calendar dates (UTC), as the seed's `start_date=2024-01-01&end_date=2024-01-31`. */
  start_date?: string;
  end_date?: string;
  limit: number;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString();
}

/** A flow's lead events, newest first, with the total that match (served by the flow/type/time index). */
export async function flowEvents(ctx: TenantCtx, flowId: string, filter: EventFilter) {
  const flow = await getFlow(ctx, flowId);
  const where: SQL[] = [ownedBy(leadEvents, ctx), eq(leadEvents.flowId, flow.id)];
  if (filter.event_type) where.push(eq(leadEvents.type, filter.event_type));
  if (filter.start_date) where.push(gte(leadEvents.createdAt, new Date(`${filter.start_date.slice(0, 10)}T00:00:00Z`).toISOString()));
  if (filter.end_date) where.push(lt(leadEvents.createdAt, nextDay(filter.end_date)));
  const [rows, [total]] = await ctx.db.batch([
    ctx.db
      .select()
      .from(leadEvents)
      .where(and(...where))
      .orderBy(desc(leadEvents.createdAt), desc(leadEvents.id))
      .limit(filter.limit),
    ctx.db
      .select({ n: count() })
      .from(leadEvents)
      .where(and(...where)),
  ]);
  return { total: total?.n ?? 0, events: rows };
}

import { and, between, eq, type SQL, sql } from "drizzle-orm";
import { leadDailyStats } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { TenantCtx } from "../context";
import { getFlow } from "../flows/flows";

export const GROUPINGS = { source: "source", campaign: "campaign", flow: "flow_id", day: "date" } as const;
export const METRICS = ["total_leads", "acceptance_rate", "delivery_rate", "conversion_rate", "average_quality"] as const;

export interface AnalyticsQuery {
  flow_id?: string;
  group_by: keyof typeof GROUPINGS;
  metric?: (typeof METRICS)[number];
  start_date: string;
  end_date: string;
}

const COLUMN = { source: leadDailyStats.source, campaign: leadDailyStats.campaign, flow: leadDailyStats.flowId, day: leadDailyStats.day };
const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) / 100 : 0);

/**
 * Lead figures for a period, grouped, from the daily counts: acceptance = accepted / received,
 * delivery = delivered / accepted, conversion = converted / accepted, average quality per lead.
 * The read touches one row per day, flow, source and campaign, never the leads themselves.
 */
export async function leadAnalytics(ctx: TenantCtx, query: AnalyticsQuery) {
  const where: SQL[] = [ownedBy(leadDailyStats, ctx), between(leadDailyStats.day, query.start_date, query.end_date)];
  if (query.flow_id) where.push(eq(leadDailyStats.flowId, (await getFlow(ctx, query.flow_id)).id));
  const group = COLUMN[query.group_by];
  const rows = await ctx.db
    .select({
      key: group,
      total: sql<number>`sum(${leadDailyStats.total})`,
      accepted: sql<number>`sum(${leadDailyStats.accepted})`,
      delivered: sql<number>`sum(${leadDailyStats.delivered})`,
      converted: sql<number>`sum(${leadDailyStats.converted})`,
      quality: sql<number>`sum(${leadDailyStats.qualitySum})`,
    })
    .from(leadDailyStats)
    .where(and(...where))
    .groupBy(group)
    .orderBy(group);
  const metrics = rows.map((row) => ({
    [GROUPINGS[query.group_by]]: row.key === "" ? null : row.key,
    total_leads: row.total,
    accepted_leads: row.accepted,
    delivered_leads: row.delivered,
    converted_leads: row.converted,
    acceptance_rate: rate(row.accepted, row.total),
    delivery_rate: rate(row.delivered, row.accepted),
    conversion_rate: rate(row.converted, row.accepted),
    average_quality: row.total > 0 ? Math.round((row.quality / row.total) * 100) / 100 : 0,
  }));
  if (query.metric) {
    const metric = query.metric;
    metrics.sort((a, b) => (b[metric] as number) - (a[metric] as number));
  }
  return { period: { start_date: query.start_date, end_date: query.end_date }, metrics };
}

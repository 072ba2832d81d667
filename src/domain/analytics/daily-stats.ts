import type { Database } from "../../db/database";
import type { Lead } from "../../db/schema";

interface Increment {
  tenantId: string;
  testMode: boolean;
  day: string;
  flowId: string;
  source: string;
  campaign: string;
  total: number;
  accepted: number;
  delivered: number;
  converted: number;
  qualitySum: number;
}

function cohort(lead: Lead) {
  return {
    tenantId: lead.tenantId,
    testMode: lead.testMode,
    day: lead.createdAt.slice(0, 10),
    flowId: lead.flowId ?? "",
    source: lead.source ?? "",
    campaign: lead.campaign ?? "",
  };
}

function upsert(db: Database, rows: Increment[]): D1PreparedStatement {
  // One statement for any number of groups; `WHERE true` is SQLite's required form for an upsert fed by SELECT.
  return db.$client
    .prepare(
      `INSERT INTO lead_daily_stats (tenant_id, test_mode, day, flow_id, source, campaign, total, accepted, delivered, converted, quality_sum)
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'),
              json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]'), ` +
        `json_extract(value, '$[8]'), json_extract(value, '$[9]'), json_extract(value, '$[10]')
       FROM json_each(?) WHERE true
       ON CONFLICT (tenant_id, test_mode, day, flow_id, source, campaign) DO UPDATE SET
         total = total + excluded.total, accepted = accepted + excluded.accepted, delivered = delivered + excluded.delivered,
         converted = converted + excluded.converted, quality_sum = quality_sum + excluded.quality_sum`,
    )
    .bind(
      JSON.stringify(
        rows.map((r) => [
          r.tenantId,
          r.testMode ? 1 : 0,
          r.day,
          r.flowId,
          r.source,
          r.campaign,
          r.total,
          r.accepted,
          r.delivered,
          r.converted,
          r.qualitySum,
        ]),
      ),
    );
}

/** The counts new leads add to their day, grouped, as one statement for the leads' write batch. */
export function countNewLeads(db: Database, leads: Lead[]): D1PreparedStatement[] {
  const groups = new Map<string, Increment>();
  for (const lead of leads) {
    const key = JSON.stringify(cohort(lead));
    const group = groups.get(key) ?? { ...cohort(lead), total: 0, accepted: 0, delivered: 0, converted: 0, qualitySum: 0 };
    group.total += 1;
    group.accepted += lead.status === "rejected" ? 0 : 1;
    group.qualitySum += lead.qualityScore ?? 0;
    groups.set(key, group);
  }
  return groups.size > 0 ? [upsert(db, [...groups.values()])] : [];
}

/** One more delivered lead on the day the lead arrived (a conversion can be undone: `countConversion`). */
export function countDelivery(db: Database, lead: Lead): D1PreparedStatement {
  return upsert(db, [{ ...cohort(lead), total: 0, accepted: 0, delivered: 1, converted: 0, qualitySum: 0 }]);
}

/**
 * Moves the lead into or out of the converted count of the day it arrived, judged by the lead's
 * row when the statement runs rather than by what was read before: placed in a batch just before
 * the write that sets `converted`, concurrent outcomes for one lead count it at most once.
 */
export function countConversion(db: Database, lead: Lead, converted: boolean): D1PreparedStatement {
  const day = cohort(lead);
  return db.$client
    .prepare(
      `INSERT INTO lead_daily_stats
         (tenant_id, test_mode, day, flow_id, source, campaign, total, accepted, delivered, converted, quality_sum)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0, ?7 - (converted IS 1), 0 FROM leads
       WHERE id = ?8 AND tenant_id = ?1 AND test_mode = ?2 AND (converted IS 1) != ?7
       ON CONFLICT (tenant_id, test_mode, day, flow_id, source, campaign)
       DO UPDATE SET converted = converted + excluded.converted`,
    )
    .bind(day.tenantId, day.testMode ? 1 : 0, day.day, day.flowId, day.source, day.campaign, converted ? 1 : 0, lead.id);
}

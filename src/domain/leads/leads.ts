import { and, asc, count, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import { flows, type Lead, type LeadEvent, leadEvents, leads, outboxEvents } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import { countConversion } from "../analytics/daily-stats";
import type { TenantCtx } from "../context";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { leadDataAsSent } from "./lead-data";

export async function getLead(ctx: TenantCtx, leadId: string): Promise<Lead> {
  const [lead] = await ctx.db
    .select()
    .from(leads)
    .where(and(ownedBy(leads, ctx), eq(leads.id, leadId)))
    .limit(1);
  if (!lead) throw new ApiError("not_found", `Lead ${leadId} does not exist`);
  return lead;
}

/**
 * The test leads a live key posted with `options.test_mode: true`: test-mode leads in the tenant's
 * live flows. A test key sees no live flow, so only a live key can have put them there; a test
 * key's own test leads (in its test flows) stay out of a live key's sight.
 */
function liveKeysTestLeads(ctx: TenantCtx): SQL {
  const liveFlows = ctx.db.select({ id: flows.id }).from(flows).where(ownedBy(flows, ctx));
  return and(eq(leads.tenantId, ctx.tenant.id), eq(leads.testMode, true), inArray(leads.flowId, liveFlows)) as SQL;
}

/**
 * A lead as the key asking may read it by id: its own mode's leads and, for a live key, the test
 * leads it posted. Writes still go through `getLead`, in the lead's own mode (a test key).
 */
export async function readLead(ctx: TenantCtx, leadId: string): Promise<Lead> {
  const visible = ctx.testMode ? ownedBy(leads, ctx) : or(ownedBy(leads, ctx), liveKeysTestLeads(ctx));
  const [lead] = await ctx.db
    .select()
    .from(leads)
    .where(and(visible, eq(leads.id, leadId)))
    .limit(1);
  if (!lead) throw new ApiError("not_found", `Lead ${leadId} does not exist`);
  return lead;
}

export async function leadTimeline(ctx: TenantCtx, leadId: string): Promise<LeadEvent[]> {
  return ctx.db
    .select()
    .from(leadEvents)
    .where(and(eq(leadEvents.tenantId, ctx.tenant.id), eq(leadEvents.leadId, leadId)))
    .orderBy(asc(leadEvents.createdAt), asc(leadEvents.id));
}

export interface LeadSearch {
  flow_id?: string;
  status?: string;
  source?: string;
  campaign?: string;
  email?: string;
  created_after?: string;
  created_before?: string;
  /** A live key's test leads (posted with `options.test_mode`) instead of its live ones; a test key sees test leads anyway. */
  test_mode?: boolean;
  /** Custom-field equality filters (`custom.<name>=<value>` in the query string). */
  custom?: Record<string, string>;
  limit: number;
  offset: number;
}

export function searchFilter(ctx: TenantCtx, search: LeadSearch): SQL {
  const filters: SQL[] = [search.test_mode && !ctx.testMode ? liveKeysTestLeads(ctx) : ownedBy(leads, ctx)];
  if (search.flow_id) filters.push(eq(leads.flowId, search.flow_id));
  if (search.status) filters.push(eq(leads.status, search.status));
  if (search.source) filters.push(eq(leads.source, search.source));
  if (search.campaign) filters.push(eq(leads.campaign, search.campaign));
  if (search.email) filters.push(sql`${leads.email} = ${search.email.trim()} COLLATE NOCASE`);
  if (search.created_after) filters.push(gte(leads.createdAt, new Date(search.created_after).toISOString()));
  if (search.created_before) filters.push(lt(leads.createdAt, new Date(search.created_before).toISOString()));
  for (const [name, value] of Object.entries(search.custom ?? {})) {
    // Compared as JSON text, so `custom.age=25` finds both "25" and 25, and `custom.vip=true` both
    // "true" and true (json_extract would give SQL 1 for true).
    const path = `$."${name.replace(/"/g, "")}"`;
    filters.push(sql`(${leads.customFields} -> ${path}) IN (json_quote(${value}), ${value})`);
  }
  return and(...filters) as SQL;
}

/** Newest first, within the filters; every filter is served by a (tenant, mode, field, created_at) index. */
export async function searchLeads(ctx: TenantCtx, search: LeadSearch) {
  const where = searchFilter(ctx, search);
  const [rows, [total]] = await ctx.db.batch([
    ctx.db.select().from(leads).where(where).orderBy(desc(leads.createdAt), desc(leads.id)).limit(search.limit).offset(search.offset),
    ctx.db.select({ n: count() }).from(leads).where(where),
  ]);
  return { leads: rows, total: total?.n ?? 0 };
}

export interface FeedbackInput {
  type: "conversion" | "return";
  reason?: string;
  value?: number;
}

const FEEDBACK_STATUS = { conversion: "converted", return: "returned" } as const;

/**
 * Records what became of a lead: a conversion (the training label scoring learns from) or a
 * return. The event, the new status and the `lead.converted` webhook are written in one batch.
 */
export async function recordFeedback(ctx: TenantCtx, leadId: string, input: FeedbackInput) {
  const lead = await getLead(ctx, leadId);
  if (lead.status === "rejected")
    throw new ApiError("conflict", `Lead ${leadId} was rejected; only accepted leads take feedback`, [
      { field: "lead_id", code: "rejected_lead", message: "The lead was rejected" },
    ]);
  const status = FEEDBACK_STATUS[input.type];
  if (lead.status === status)
    throw new ApiError("conflict", `Lead ${leadId} is already ${status}`, [
      { field: "type", code: "already_recorded", message: `The lead is already ${status}` },
    ]);
  const at = ctx.now.toISOString();
  const event: LeadEvent = {
    id: newId("evt", ctx.now.getTime()),
    tenantId: lead.tenantId,
    testMode: lead.testMode,
    leadId: lead.id,
    flowId: lead.flowId,
    type: status,
    outcome: "success",
    reason: input.reason ?? null,
    data: { value: input.value ?? null, previous_status: lead.status },
    createdAt: at,
  };
  const updated = { ...lead, status, updatedAt: at };
  const writes = [
    countConversion(ctx.db, lead, input.type === "conversion"),
    // Feedback is also the scoring label: a conversion is 1, a return 0.
    asStatement(
      ctx.db,
      ctx.db
        .update(leads)
        .set({ status, converted: input.type === "conversion" ? 1 : 0, outcomeValue: input.value ?? null, outcomeAt: at, updatedAt: at })
        .where(and(ownedBy(leads, ctx), eq(leads.id, lead.id))),
    ),
    asStatement(ctx.db, ctx.db.insert(leadEvents).values(event)),
  ];
  if (input.type === "conversion") {
    await runBatch(ctx.db, [
      ...writes,
      asStatement(
        ctx.db,
        ctx.db.insert(outboxEvents).values(
          outboxEvent(
            lead,
            "lead.converted",
            {
              event_type: "lead.converted",
              timestamp: at,
              flow_id: lead.flowId,
              lead_id: lead.id,
              data: { lead: leadDataAsSent(updated), quality_score: lead.qualityScore, value: input.value ?? null },
            },
            ctx.now,
          ),
        ),
      ),
    ]);
    dispatchSoon(ctx);
  } else {
    await runBatch(ctx.db, writes);
  }
  return { event, lead: updated };
}

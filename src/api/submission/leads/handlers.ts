import { tallyBatch } from "../../../domain/intake/outcomes";
import * as intake from "../../../domain/intake/submit";
import * as leads from "../../../domain/leads/leads";
import { changeLeadStatus } from "../../../domain/leads/status";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { renderBatchItem, renderLeadDetail, renderSubmission } from "./render";
import type * as routes from "./routes";

export const submitLead: AppRouteHandler<typeof routes.submitLead> = async (c) => {
  const body = c.req.valid("json");
  const { recorded, delivery } = await intake.submitLead(tenantCtxOf(c), c.req.valid("param").flow_id, body, {
    ...body.options,
    requestOrigin: new URL(c.req.url).origin,
  });
  return c.json(renderSubmission(recorded, delivery), 201);
};

export const submitBatch: AppRouteHandler<typeof routes.submitBatch> = async (c) => {
  const body = c.req.valid("json");
  const { batchId, outcomes } = await intake.submitBatch(tenantCtxOf(c), c.req.valid("param").flow_id, body.leads, {
    ...body.options,
    requestOrigin: new URL(c.req.url).origin,
  });
  const { total, successful, failed, notProcessed } = tallyBatch(outcomes);
  return c.json(
    { batch_id: batchId, total_leads: total, successful, failed, not_processed: notProcessed, results: outcomes.map(renderBatchItem) },
    207,
  );
};

export const getLead: AppRouteHandler<typeof routes.getLead> = async (c) => {
  const ctx = tenantCtxOf(c);
  const lead = await leads.readLead(ctx, c.req.valid("param").lead_id);
  return c.json(renderLeadDetail(lead, await leads.leadTimeline(ctx, lead.id)), 200);
};

export const searchLeads: AppRouteHandler<typeof routes.searchLeads> = async (c) => {
  const query = c.req.valid("query");
  const custom = Object.fromEntries(
    Object.entries(c.req.query())
      .filter(([name]) => name.startsWith("custom."))
      .map(([name, value]) => [name.slice(7), value]),
  );
  const { leads: rows, total } = await leads.searchLeads(tenantCtxOf(c), { ...query, custom });
  return c.json(
    {
      total_count: total,
      page_count: Math.ceil(total / query.limit),
      current_page: Math.floor(query.offset / query.limit) + 1,
      per_page: query.limit,
      leads: rows.map((l) => ({
        id: l.id,
        flow_id: l.flowId,
        created_at: l.createdAt,
        status: l.status,
        quality_score: l.qualityScore,
        source: l.source,
        campaign: l.campaign,
      })),
    },
    200,
  );
};

export const updateLead: AppRouteHandler<typeof routes.updateLead> = async (c) => {
  const ctx = tenantCtxOf(c);
  const { status, reason } = c.req.valid("json");
  const lead = await changeLeadStatus(ctx, c.req.valid("param").lead_id, status, reason);
  return c.json(renderLeadDetail(lead, await leads.leadTimeline(ctx, lead.id)), 200);
};

export const leadFeedback: AppRouteHandler<typeof routes.leadFeedback> = async (c) => {
  const body = c.req.valid("json");
  const { event, lead } = await leads.recordFeedback(tenantCtxOf(c), c.req.valid("param").lead_id, body);
  return c.json(
    {
      id: event.id,
      lead_id: lead.id,
      type: body.type,
      status: lead.status,
      reason: event.reason,
      value: body.value ?? null,
      recorded_at: event.createdAt,
    },
    201,
  );
};

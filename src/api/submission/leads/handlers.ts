import * as intake from "../../../domain/intake/submit";
import type { RecordedLead } from "../../../domain/intake/record";
import * as leads from "../../../domain/leads/leads";
import { changeLeadStatus } from "../../../domain/leads/status";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../context";
import type * as routes from "./routes";
import { renderEvent, renderLeadDetail, renderPricing } from "./schemas";

function rejection(recorded: RecordedLead) {
  const rejected = recorded.events.find((e) => e.type === "rejected");
  if (!rejected) return {};
  const data = rejected.data ?? {};
  return {
    reason: rejected.reason ?? undefined,
    rule: typeof data.rule === "string" ? data.rule : undefined,
    message: typeof data.message === "string" ? data.message : undefined,
    duplicate_of: typeof data.duplicate_of === "string" ? data.duplicate_of : undefined,
  };
}

export const submitLead: AppRouteHandler<typeof routes.submitLead> = async (c) => {
  const body = c.req.valid("json");
  const { recorded, delivery } = await intake.submitLead(tenantCtxOf(c), c.req.valid("param").flow_id, body, body.options ?? {});
  const { lead } = recorded;
  return c.json(
    {
      id: lead.id,
      status: lead.status as "accepted" | "rejected",
      flow_id: lead.flowId!,
      created_at: lead.createdAt,
      test_mode: lead.testMode,
      events: [...recorded.events, ...(delivery ? [delivery] : [])].map(renderEvent),
      quality_score: lead.qualityScore ?? 0,
      pricing: renderPricing(lead),
      ...rejection(recorded),
    },
    201,
  );
};

export const submitBatch: AppRouteHandler<typeof routes.submitBatch> = async (c) => {
  const body = c.req.valid("json");
  const { batchId, outcomes } = await intake.submitBatch(tenantCtxOf(c), c.req.valid("param").flow_id, body.leads, body.options ?? {});
  const results = outcomes.map((outcome) => {
    const external_id = outcome.externalId;
    if (outcome.kind === "not_processed") return { external_id, status: "not_processed" as const };
    if (outcome.kind === "invalid") {
      return { external_id, status: "error" as const, error: { code: "validation_failed", message: "Lead validation failed", details: outcome.prepared.issues } };
    }
    const { lead } = outcome.recorded;
    if (lead.status === "accepted") return { external_id, status: "success" as const, lead_id: lead.id, quality_score: lead.qualityScore ?? 0 };
    const why = rejection(outcome.recorded);
    if (why.reason === "duplicate_detected") {
      return { external_id, status: "error" as const, lead_id: lead.id, error: { code: "duplicate_detected", message: "Lead matches existing record", duplicate_of: why.duplicate_of } };
    }
    return { external_id, status: "rejected" as const, lead_id: lead.id, quality_score: lead.qualityScore ?? 0, reason: why.reason, rule: why.rule };
  });
  const successful = results.filter((r) => r.status === "success").length;
  const notProcessed = results.filter((r) => r.status === "not_processed").length;
  return c.json({ batch_id: batchId, total_leads: results.length, successful, failed: results.length - successful - notProcessed, not_processed: notProcessed, results }, 207);
};

export const getLead: AppRouteHandler<typeof routes.getLead> = async (c) => {
  const ctx = tenantCtxOf(c);
  const lead = await leads.getLead(ctx, c.req.valid("param").lead_id);
  return c.json(renderLeadDetail(lead, await leads.leadTimeline(ctx, lead.id)), 200);
};

export const searchLeads: AppRouteHandler<typeof routes.searchLeads> = async (c) => {
  const query = c.req.valid("query");
  const custom = Object.fromEntries(Object.entries(c.req.query()).filter(([name]) => name.startsWith("custom.")).map(([name, value]) => [name.slice(7), value]));
  const { leads: rows, total } = await leads.searchLeads(tenantCtxOf(c), { ...query, custom });
  return c.json(
    {
      total_count: total,
      page_count: Math.ceil(total / query.limit),
      current_page: Math.floor(query.offset / query.limit) + 1,
      per_page: query.limit,
      leads: rows.map((l) => ({ id: l.id, flow_id: l.flowId, created_at: l.createdAt, status: l.status, quality_score: l.qualityScore, source: l.source, campaign: l.campaign })),
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
  return c.json({ id: event.id, lead_id: lead.id, type: body.type, status: lead.status, reason: event.reason, value: body.value ?? null, recorded_at: event.createdAt }, 201);
};

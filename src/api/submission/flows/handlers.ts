import * as recipients from "../../../domain/delivery/recipients";
import * as flows from "../../../domain/flows/flows";
import { listFlowsWithStatistics, NO_STATISTICS, withStatistics } from "../../../domain/flows/with-statistics";
import { readFlowCaps } from "../../../domain/intake/caps";
import { explainLead } from "../../../domain/intake/explain";
import { flowEvents as readFlowEvents } from "../../../domain/leads/flow-events";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { renderFlow, renderFlowEvent, renderFlowSummary, savedSettings } from "./render";
import type * as routes from "./routes";

export const createFlow: AppRouteHandler<typeof routes.createFlow> = async (c) => {
  const ctx = tenantCtxOf(c);
  const body = c.req.valid("json");
  const flow = await flows.createFlow(ctx, {
    name: body.name,
    description: body.description,
    steps: body.configuration?.steps,
    settings: body.settings,
  });
  return c.json({ ...renderFlow(flow, NO_STATISTICS), settings: savedSettings(flow) }, 201);
};

export const listFlows: AppRouteHandler<typeof routes.listFlows> = async (c) => {
  const list = await listFlowsWithStatistics(tenantCtxOf(c), c.req.valid("query").status);
  return c.json({ flows: list.map(renderFlowSummary) }, 200);
};

export const getFlow: AppRouteHandler<typeof routes.getFlow> = async (c) => {
  const ctx = tenantCtxOf(c);
  const { flow, statistics } = await withStatistics(ctx, await flows.getFlow(ctx, c.req.valid("param").flow_id));
  return c.json(renderFlow(flow, statistics), 200);
};

export const updateFlow: AppRouteHandler<typeof routes.updateFlow> = async (c) => {
  const ctx = tenantCtxOf(c);
  const body = c.req.valid("json");
  const flow = await flows.updateFlow(ctx, c.req.valid("param").flow_id, {
    name: body.name,
    description: body.description,
    steps: body.configuration?.steps,
  });
  const { statistics } = await withStatistics(ctx, flow);
  return c.json(renderFlow(flow, statistics), 200);
};

export const updateFlowSettings: AppRouteHandler<typeof routes.updateFlowSettings> = async (c) => {
  const flow = await flows.updateFlowSettings(tenantCtxOf(c), c.req.valid("param").flow_id, c.req.valid("json").settings);
  return c.json({ flow_id: flow.id, updated_at: flow.updatedAt, settings: savedSettings(flow) }, 200);
};

export const archiveFlow: AppRouteHandler<typeof routes.archiveFlow> = async (c) => {
  const ctx = tenantCtxOf(c);
  const { flow, statistics } = await withStatistics(ctx, await flows.archiveFlow(ctx, c.req.valid("param").flow_id));
  return c.json(renderFlow(flow, statistics), 200);
};

export const getFlowCaps: AppRouteHandler<typeof routes.getFlowCaps> = async (c) => {
  return c.json(await readFlowCaps(tenantCtxOf(c), c.req.valid("param").flow_id), 200);
};

export const explainRules: AppRouteHandler<typeof routes.explainRules> = async (c) => {
  const body = c.req.valid("json");
  return c.json(await explainLead(tenantCtxOf(c), c.req.valid("param").flow_id, { lead: body.lead, external_id: body.external_id }), 200);
};

export const listRecipients: AppRouteHandler<typeof routes.listRecipients> = async (c) => {
  const { flow_id } = c.req.valid("param");
  return c.json({ flow_id, recipients: await recipients.listRecipients(tenantCtxOf(c), flow_id) }, 200);
};

export const resumeRecipient: AppRouteHandler<typeof routes.resumeRecipient> = async (c) => {
  const { flow_id, step_id } = c.req.valid("param");
  return c.json(await recipients.resumeRecipient(tenantCtxOf(c), flow_id, step_id), 200);
};

export const flowEvents: AppRouteHandler<typeof routes.flowEvents> = async (c) => {
  const { total, events } = await readFlowEvents(tenantCtxOf(c), c.req.valid("param").flow_id, c.req.valid("query"));
  return c.json({ total_events: total, events: events.map(renderFlowEvent) }, 200);
};

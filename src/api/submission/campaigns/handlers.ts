import * as campaigns from "../../../domain/campaigns/campaigns";
import * as playground from "../../../domain/campaigns/playground";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderBatch, renderCampaign, renderCampaignLead, renderDraft, renderGenerated } from "./schemas";

export const createCampaign: AppRouteHandler<typeof routes.createCampaign> = async (c) => {
  return c.json(renderCampaign(await campaigns.createCampaign(tenantCtxOf(c), c.req.valid("json"))), 201);
};

export const listCampaigns: AppRouteHandler<typeof routes.listCampaigns> = async (c) => {
  return c.json({ campaigns: (await campaigns.listCampaigns(tenantCtxOf(c))).map(renderCampaign) }, 200);
};

export const getCampaign: AppRouteHandler<typeof routes.getCampaign> = async (c) => {
  return c.json(renderCampaign(await campaigns.getCampaign(tenantCtxOf(c), c.req.valid("param").campaign_id)), 200);
};

export const updateCampaign: AppRouteHandler<typeof routes.updateCampaign> = async (c) => {
  return c.json(renderCampaign(await campaigns.updateCampaign(tenantCtxOf(c), c.req.valid("param").campaign_id, c.req.valid("json"))), 200);
};

export const deleteCampaign: AppRouteHandler<typeof routes.deleteCampaign> = async (c) => {
  const { campaign_id } = c.req.valid("param");
  await campaigns.deleteCampaign(tenantCtxOf(c), campaign_id);
  return c.json({ id: campaign_id, deleted: true as const }, 200);
};

export const addLeads: AppRouteHandler<typeof routes.addLeads> = async (c) => {
  const { lead_ids, assignment } = c.req.valid("json");
  const result = await campaigns.addCampaignLeads(tenantCtxOf(c), c.req.valid("param").campaign_id, lead_ids, assignment);
  return c.json({ ...result, added: result.added.map(renderCampaignLead) }, 201);
};

export const listLeads: AppRouteHandler<typeof routes.listLeads> = async (c) => {
  const { assignment, limit, offset } = c.req.valid("query");
  const leads = await campaigns.listCampaignLeads(tenantCtxOf(c), c.req.valid("param").campaign_id, { assignment }, { limit, offset });
  return c.json({ leads: leads.map(renderCampaignLead) }, 200);
};

export const removeLead: AppRouteHandler<typeof routes.removeLead> = async (c) => {
  const { campaign_id, campaign_lead_id } = c.req.valid("param");
  await campaigns.removeCampaignLead(tenantCtxOf(c), campaign_id, campaign_lead_id);
  return c.json({ id: campaign_lead_id, deleted: true as const }, 200);
};

export const generate: AppRouteHandler<typeof routes.generate> = async (c) => {
  const { campaign_id } = c.req.valid("param");
  return c.json(renderGenerated(campaign_id, await playground.enqueueDrafts(tenantCtxOf(c), campaign_id, c.req.valid("json"))), 200);
};

export const getBatch: AppRouteHandler<typeof routes.getBatch> = async (c) => {
  const { campaign_id, batch_id } = c.req.valid("param");
  return c.json(renderBatch(await playground.playgroundBatch(tenantCtxOf(c), campaign_id, batch_id)), 200);
};

export const cancelBatch: AppRouteHandler<typeof routes.cancelBatch> = async (c) => {
  const { campaign_id, batch_id } = c.req.valid("param");
  return c.json(renderBatch(await playground.cancelBatch(tenantCtxOf(c), campaign_id, batch_id)), 200);
};

export const listDrafts: AppRouteHandler<typeof routes.listDrafts> = async (c) => {
  const { batch_id, step_index, lead_id, limit, offset } = c.req.valid("query");
  const filter = { batchId: batch_id, stepIndex: step_index, leadId: lead_id };
  const drafts = await playground.listDrafts(tenantCtxOf(c), c.req.valid("param").campaign_id, filter, { limit, offset });
  return c.json({ drafts: drafts.map(renderDraft) }, 200);
};

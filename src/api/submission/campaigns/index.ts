import * as campaigns from "../../../domain/campaigns/campaigns";
import * as playground from "../../../domain/campaigns/playground";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";
import * as routes from "./routes";
import { renderBatch, renderCampaign, renderCampaignLead, renderDraft, renderSender } from "./schemas";

export const campaignsRouter = createRouter()
  .openapi(routes.createSender, async (c) => c.json(renderSender(await campaigns.createSender(tenantCtxOf(c), c.req.valid("json"))), 201))
  .openapi(routes.listSenders, async (c) => c.json({ senders: (await campaigns.listSenders(tenantCtxOf(c))).map(renderSender) }, 200))
  .openapi(routes.getSender, async (c) => c.json(renderSender(await campaigns.getSender(tenantCtxOf(c), c.req.valid("param").sender_id)), 200))
  .openapi(routes.updateSender, async (c) => c.json(renderSender(await campaigns.updateSender(tenantCtxOf(c), c.req.valid("param").sender_id, c.req.valid("json"))), 200))
  .openapi(routes.deleteSender, async (c) => {
    const { sender_id } = c.req.valid("param");
    await campaigns.deleteSender(tenantCtxOf(c), sender_id);
    return c.json({ id: sender_id, deleted: true as const }, 200);
  })
  .openapi(routes.createCampaign, async (c) => c.json(renderCampaign(await campaigns.createCampaign(tenantCtxOf(c), c.req.valid("json"))), 201))
  .openapi(routes.listCampaigns, async (c) => c.json({ campaigns: (await campaigns.listCampaigns(tenantCtxOf(c))).map(renderCampaign) }, 200))
  .openapi(routes.getCampaign, async (c) => c.json(renderCampaign(await campaigns.getCampaign(tenantCtxOf(c), c.req.valid("param").campaign_id)), 200))
  .openapi(routes.updateCampaign, async (c) => c.json(renderCampaign(await campaigns.updateCampaign(tenantCtxOf(c), c.req.valid("param").campaign_id, c.req.valid("json"))), 200))
  .openapi(routes.deleteCampaign, async (c) => {
    const { campaign_id } = c.req.valid("param");
    await campaigns.deleteCampaign(tenantCtxOf(c), campaign_id);
    return c.json({ id: campaign_id, deleted: true as const }, 200);
  })
  .openapi(routes.addLeads, async (c) => {
    const { lead_ids, assignment } = c.req.valid("json");
    const result = await campaigns.addCampaignLeads(tenantCtxOf(c), c.req.valid("param").campaign_id, lead_ids, assignment);
    return c.json({ ...result, added: result.added.map(renderCampaignLead) }, 201);
  })
  .openapi(routes.listLeads, async (c) => {
    const { assignment, limit, offset } = c.req.valid("query");
    return c.json({ leads: (await campaigns.listCampaignLeads(tenantCtxOf(c), c.req.valid("param").campaign_id, { assignment }, { limit, offset })).map(renderCampaignLead) }, 200);
  })
  .openapi(routes.removeLead, async (c) => {
    const { campaign_id, campaign_lead_id } = c.req.valid("param");
    await campaigns.removeCampaignLead(tenantCtxOf(c), campaign_id, campaign_lead_id);
    return c.json({ id: campaign_lead_id, deleted: true as const }, 200);
  })
  .openapi(routes.generate, async (c) => {
    const { campaign_id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { batch, enqueuedLeadIds } = await playground.enqueueDrafts(tenantCtxOf(c), campaign_id, body);
    return c.json({ campaign_id, step_index: batch.stepIndex, batch_id: batch.id, enqueued_lead_ids: enqueuedLeadIds, prompt_version_hash: batch.promptVersionHash, total: batch.total }, 200);
  })
  .openapi(routes.getBatch, async (c) => {
    const { campaign_id, batch_id } = c.req.valid("param");
    return c.json(renderBatch(await playground.playgroundBatch(tenantCtxOf(c), campaign_id, batch_id)), 200);
  })
  .openapi(routes.cancelBatch, async (c) => {
    const { campaign_id, batch_id } = c.req.valid("param");
    return c.json(renderBatch(await playground.cancelBatch(tenantCtxOf(c), campaign_id, batch_id)), 200);
  })
  .openapi(routes.listDrafts, async (c) => {
    const { batch_id, step_index, lead_id, limit, offset } = c.req.valid("query");
    return c.json({ drafts: (await playground.listDrafts(tenantCtxOf(c), c.req.valid("param").campaign_id, { batchId: batch_id, stepIndex: step_index, leadId: lead_id }, { limit, offset })).map(renderDraft) }, 200);
  });

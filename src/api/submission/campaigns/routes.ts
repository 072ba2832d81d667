import { createRoute, z } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  BatchSchema,
  CampaignInput,
  CampaignLeadList,
  CampaignLeadsAdded,
  CampaignLeadsInput,
  CampaignList,
  CampaignResourceDeleted,
  CampaignSchema,
  DraftList,
  GenerateInput,
  GenerateResponse,
  Page,
} from "./schemas";

const tags = ["Campaigns"];
const param = (name: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: "path" }, example: "3c90c3cc-0d44-4b50-8888-8dd25736052a" });
const campaignParams = z.object({ campaign_id: param("campaign_id") });
const deleted = json(CampaignResourceDeleted);

export const createCampaign = createRoute({
  operationId: "createCampaign",
  method: "post",
  path: "/api/v1/campaigns",
  tags,
  security,
  summary: "Create a campaign",
  request: { body: { required: true, content: json(CampaignInput) } },
  responses: { 201: { description: "The campaign", content: json(CampaignSchema) }, ...errors() },
});
export const listCampaigns = createRoute({
  operationId: "listCampaigns",
  method: "get",
  path: "/api/v1/campaigns",
  tags,
  security,
  summary: "List campaigns",
  responses: { 200: { description: "Campaigns", content: json(CampaignList) }, ...errors() },
});
export const getCampaign = createRoute({
  operationId: "getCampaign",
  method: "get",
  path: "/api/v1/campaigns/{campaign_id}",
  tags,
  security,
  summary: "Get a campaign",
  request: { params: campaignParams },
  responses: { 200: { description: "The campaign", content: json(CampaignSchema) }, ...errors(404) },
});
export const updateCampaign = createRoute({
  operationId: "updateCampaign",
  method: "patch",
  path: "/api/v1/campaigns/{campaign_id}",
  tags,
  security,
  summary: "Change a campaign",
  request: { params: campaignParams, body: { required: true, content: json(CampaignInput.partial().openapi("CampaignChange")) } },
  responses: { 200: { description: "The campaign", content: json(CampaignSchema) }, ...errors(404) },
});
export const deleteCampaign = createRoute({
  operationId: "deleteCampaign",
  method: "delete",
  path: "/api/v1/campaigns/{campaign_id}",
  tags,
  security,
  summary: "Delete a campaign",
  request: { params: campaignParams },
  responses: { 200: { description: "Deleted", content: deleted }, ...errors(404) },
});

export const addLeads = createRoute({
  operationId: "addCampaignLeads",
  method: "post",
  path: "/api/v1/campaigns/{campaign_id}/leads",
  tags,
  security,
  summary: "Add tenant leads to a campaign (or change their assignment)",
  request: {
    params: campaignParams,
    body: {
      required: true,
      content: json(CampaignLeadsInput, { lead_ids: ["lead_01jd0x5v7k2m3n4p5q6r7s8t9v"], assignment: "PERSONALIZATION" }),
    },
  },
  responses: {
    201: { description: "Added", content: json(CampaignLeadsAdded) },
    ...errors(404),
  },
});
export const listLeads = createRoute({
  operationId: "listCampaignLeads",
  method: "get",
  path: "/api/v1/campaigns/{campaign_id}/leads",
  tags,
  security,
  summary: "The campaign's leads",
  request: { params: campaignParams, query: Page.extend({ assignment: z.enum(["PERSONALIZATION", "TEMPLATE"]).optional() }) },
  responses: { 200: { description: "Campaign leads", content: json(CampaignLeadList) }, ...errors(404) },
});
export const removeLead = createRoute({
  operationId: "removeCampaignLead",
  method: "delete",
  path: "/api/v1/campaigns/{campaign_id}/leads/{campaign_lead_id}",
  tags,
  security,
  summary: "Remove a lead from a campaign",
  request: { params: campaignParams.extend({ campaign_lead_id: param("campaign_lead_id") }) },
  responses: { 200: { description: "Removed", content: deleted }, ...errors(404) },
});

export const generate = createRoute({
  operationId: "playgroundGenerate",
  method: "post",
  path: "/api/v1/campaigns/{campaign_id}/playground/generate",
  tags,
  security,
  summary: "Playground Generate",
  description:
    "Enqueues one job per target lead: up to n_leads PERSONALIZATION-assigned leads, in the order they joined. " +
    "Each call creates a fresh batch_id (the seed's V1; send an Idempotency-Key to coalesce double clicks), so generating " +
    "again with the same prompt drafts the leads again; a lead still queued in a running batch for this step and prompt " +
    "version is left out and listed in skipped with the reason. " +
    "The prompt is custom_prompt, else campaign.system_prompt, else sender.custom_prompt, else the built-in default. " +
    'prompt_version_hash is the SHA-256 (hex) of the JSON {"prompt", "step_index", "channel", "subject", "body"} ' +
    "of the resolved prompt and the step's templates. " +
    "A draft is written once per (campaign_id, campaign_lead_id, prompt_version_hash, batch_id).",
  request: {
    params: campaignParams,
    body: { required: true, content: json(GenerateInput, { step_index: 1, n_leads: 50, custom_prompt: null }) },
  },
  responses: { 200: { description: "Successful Response", content: json(GenerateResponse) }, ...errors(404, 409, 422) },
});
export const getBatch = createRoute({
  operationId: "getPlaygroundBatch",
  method: "get",
  path: "/api/v1/campaigns/{campaign_id}/playground/batches/{batch_id}",
  tags,
  security,
  summary: "A playground batch with its counts",
  request: { params: campaignParams.extend({ batch_id: param("batch_id") }) },
  responses: { 200: { description: "The batch", content: json(BatchSchema) }, ...errors(404) },
});
export const cancelBatch = createRoute({
  operationId: "cancelPlaygroundBatch",
  method: "post",
  path: "/api/v1/campaigns/{campaign_id}/playground/batches/{batch_id}/cancel",
  tags,
  security,
  summary: "Cancel a playground batch",
  description: "Queued items are cancelled; a consumer checks D1 before writing, so nothing more is written.",
  request: { params: campaignParams.extend({ batch_id: param("batch_id") }) },
  responses: { 200: { description: "The batch", content: json(BatchSchema) }, ...errors(404, 409) },
});
export const listDrafts = createRoute({
  operationId: "listDrafts",
  method: "get",
  path: "/api/v1/campaigns/{campaign_id}/drafts",
  tags,
  security,
  summary: "The campaign's drafts",
  request: {
    params: campaignParams,
    query: Page.extend({
      batch_id: z.string().max(64).optional(),
      step_index: z.coerce.number().int().min(1).max(32).optional(),
      lead_id: z.string().max(64).optional().openapi({ description: "A lead id or a campaign lead id" }),
    }),
  },
  responses: { 200: { description: "Drafts", content: json(DraftList) }, ...errors(404) },
});

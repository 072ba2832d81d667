import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { CampaignParams, CampaignSequenceRun, SendBatchParams, SendBatchSchema, StepParams } from "./schemas";

const tags = ["Campaigns"];

export const sendStep = createRoute({
  operationId: "sendCampaignStep",
  method: "post",
  path: "/api/v1/campaigns/{campaign_id}/steps/{step_index}/send",
  tags,
  security,
  summary: "Send a campaign step to the campaign's leads",
  description:
    "One message per campaign lead with an email address that has not had this step: the lead's newest draft for the step " +
    "as its body, else the step's template, through the campaign's sender. Each message waits for the sender's send window " +
    "and daily limit; the batch completes, with a campaign.send.completed webhook, when every message is final. " +
    "Accepts Idempotency-Key; a second send of the step sends only to leads added since and to leads whose message of it was " +
    "suppressed or failed (one whose outcome is unknown may have arrived and is not sent again). " +
    "A paused or archived campaign is a 409 naming status.",
  request: { params: StepParams },
  responses: { 202: { description: "The send batch", content: json(SendBatchSchema) }, ...errors(404, 409) },
});

export const getSendBatch = createRoute({
  operationId: "getCampaignSendBatch",
  method: "get",
  path: "/api/v1/campaigns/{campaign_id}/sends/{send_batch_id}",
  tags,
  security,
  summary: "A send batch's progress",
  request: { params: SendBatchParams },
  responses: { 200: { description: "The send batch", content: json(SendBatchSchema) }, ...errors(404) },
});

export const runAsSequence = createRoute({
  operationId: "runCampaignAsSequence",
  method: "post",
  path: "/api/v1/campaigns/{campaign_id}/sequence",
  tags,
  security,
  summary: "Run the campaign on the sequence engine: its steps as a linear sequence, its leads enrolled",
  description:
    "The steps become a sequence (`delay_days` a wait before each step; each email the lead's newest draft for the step, " +
    "else the step's template, through the campaign's sender), activated as the campaign's `workflow_id` (a new version when " +
    "the steps changed), and every campaign lead is enrolled once. Progress: `/v1/workflows/{workflow_id}/enrollments` and `/stats`. " +
    "A `workflow_id` naming a sequence not built from the campaign's steps is a 409 naming workflow_id, and the sequence is left " +
    "as it is; a paused or archived campaign is a 409 naming status.",
  request: { params: CampaignParams },
  responses: { 202: { description: "Enrolled", content: json(CampaignSequenceRun) }, ...errors(404, 409) },
});

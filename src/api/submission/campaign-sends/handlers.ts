import { runCampaignAsSequence } from "../../../domain/campaigns/campaign-sequence";
import { sendStep as sendCampaignStep } from "../../../domain/campaigns/step-sends";
import { getSendBatch as findSendBatch, sendCounts } from "../../../domain/email/send-batches";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderSendBatch } from "./schemas";

export const sendStep: AppRouteHandler<typeof routes.sendStep> = async (c) => {
  const { campaign_id, step_index } = c.req.valid("param");
  const ctx = tenantCtxOf(c);
  const { batch, skipped } = await sendCampaignStep(ctx, campaign_id, step_index, new URL(c.req.url).origin);
  return c.json(renderSendBatch(batch, await sendCounts(ctx, batch.id), skipped), 202);
};

export const getSendBatch: AppRouteHandler<typeof routes.getSendBatch> = async (c) => {
  const { campaign_id, send_batch_id } = c.req.valid("param");
  const { batch, counts } = await findSendBatch(tenantCtxOf(c), campaign_id, send_batch_id);
  return c.json(renderSendBatch(batch, counts), 200);
};

export const runAsSequence: AppRouteHandler<typeof routes.runAsSequence> = async (c) => {
  const result = await runCampaignAsSequence(tenantCtxOf(c), c.req.valid("param").campaign_id, new URL(c.req.url).origin);
  return c.json(
    {
      workflow_id: result.sequenceId,
      version: result.version,
      requested: result.requested,
      enrolled: result.enrolled.length,
      skipped_by_reason: result.skipped as Record<string, number>,
      status_url: `/v1/workflows/${result.sequenceId}/enrollments`,
    },
    202,
  );
};

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

import { batchView, createBatch } from "../../../domain/scoring/batches";
import { scoreOptions } from "../../../domain/scoring/score-leads";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderAccepted, renderBatch } from "./schemas";

export const scoreLeadBatch: AppRouteHandler<typeof routes.scoreLeadBatch> = async (c) => {
  const { leads, async, webhook_url, options } = c.req.valid("json");
  const { view, webhookSecret } = await createBatch(tenantCtxOf(c), { leads, async, webhook_url, options: scoreOptions(options) });
  const body = ok(renderAccepted(view, webhookSecret));
  return async ? c.json(body, 202) : c.json(body, 200);
};

export const getLeadBatch: AppRouteHandler<typeof routes.getLeadBatch> = async (c) => {
  return c.json(ok(renderBatch(await batchView(tenantCtxOf(c), c.req.valid("param").batch_id))), 200);
};

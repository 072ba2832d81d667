import * as outcomes from "../../../domain/scoring/lead-outcomes";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderBulkRecorded, renderRecorded } from "./schemas";

export const recordLeadOutcome: AppRouteHandler<typeof routes.recordLeadOutcome> = async (c) => {
  const result = await outcomes.recordLeadOutcome(tenantCtxOf(c), c.req.valid("param").id, c.req.valid("json"));
  return c.json(ok(renderRecorded(result)), 200);
};

export const recordLeadOutcomes: AppRouteHandler<typeof routes.recordLeadOutcomes> = async (c) => {
  return c.json(ok(renderBulkRecorded(await outcomes.recordLeadOutcomes(tenantCtxOf(c), c.req.valid("json").outcomes))), 200);
};

import { scoreLeads } from "../../../domain/scoring/score-leads";
import * as scoredLeads from "../../../domain/scoring/scored-lead";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderScoredLead } from "./schemas";

export const analyzeLeads: AppRouteHandler<typeof routes.analyzeLeads> = async (c) => {
  const { leads, options } = c.req.valid("json");
  return c.json(ok(await scoreLeads(tenantCtxOf(c), leads, options)), 200);
};

export const getScoredLead: AppRouteHandler<typeof routes.getScoredLead> = async (c) => {
  const scored = await scoredLeads.getScoredLead(tenantCtxOf(c), c.req.valid("param").id);
  return c.json(ok(renderScoredLead(scored)), 200);
};

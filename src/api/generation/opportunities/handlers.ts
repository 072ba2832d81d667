import * as opportunities from "../../../domain/opportunities/opportunities";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderOpportunity } from "./schemas";

export const createOpportunity: AppRouteHandler<typeof routes.createOpportunity> = async (c) =>
  c.json(ok(renderOpportunity(await opportunities.createOpportunity(tenantCtxOf(c), c.req.valid("json"))), "Opportunity created"), 201);

export const listOpportunities: AppRouteHandler<typeof routes.listOpportunities> = async (c) => {
  const { leadId, stage, limit, offset } = c.req.valid("query");
  return c.json(
    ok((await opportunities.listOpportunities(tenantCtxOf(c), { leadId, stage }, { limit, offset })).map(renderOpportunity)),
    200,
  );
};

export const getOpportunity: AppRouteHandler<typeof routes.getOpportunity> = async (c) =>
  c.json(ok(renderOpportunity(await opportunities.getOpportunity(tenantCtxOf(c), c.req.valid("param").opportunity_id))), 200);

export const updateOpportunity: AppRouteHandler<typeof routes.updateOpportunity> = async (c) => {
  const opportunity = await opportunities.updateOpportunity(tenantCtxOf(c), c.req.valid("param").opportunity_id, c.req.valid("json"));
  return c.json(ok(renderOpportunity(opportunity), "Opportunity updated"), 200);
};

export const deleteOpportunity: AppRouteHandler<typeof routes.deleteOpportunity> = async (c) => {
  const { opportunity_id } = c.req.valid("param");
  await opportunities.deleteOpportunity(tenantCtxOf(c), opportunity_id);
  return c.json(ok({ id: opportunity_id, deleted: true as const }, "Opportunity deleted"), 200);
};

import * as sites from "../../../domain/sites/sites";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderSite } from "./schemas";

export const createSite: AppRouteHandler<typeof routes.createSite> = async (c) => {
  const site = await sites.createSite(tenantCtxOf(c), c.req.valid("json"));
  return c.json(ok(renderSite(site), "Site created"), 201);
};

export const listSites: AppRouteHandler<typeof routes.listSites> = async (c) => {
  const list = await sites.listSites(tenantCtxOf(c), c.req.valid("query"));
  return c.json(ok(list.map(renderSite)), 200);
};

export const getSite: AppRouteHandler<typeof routes.getSite> = async (c) => {
  const site = await sites.getSite(tenantCtxOf(c), c.req.valid("param").site_id);
  return c.json(ok(renderSite(site)), 200);
};

export const updateSite: AppRouteHandler<typeof routes.updateSite> = async (c) => {
  const site = await sites.updateSite(tenantCtxOf(c), c.req.valid("param").site_id, c.req.valid("json"));
  return c.json(ok(renderSite(site), "Site updated"), 200);
};

export const deleteSite: AppRouteHandler<typeof routes.deleteSite> = async (c) => {
  const { site_id } = c.req.valid("param");
  await sites.deleteSite(tenantCtxOf(c), site_id);
  return c.json(ok({ id: site_id, deleted: true as const }, "Site deleted"), 200);
};

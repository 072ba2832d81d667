import * as tenancy from "../../../domain/tenancy/tenants";
import type { AppRouteHandler } from "../../../platform/router";
import { ctxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderTenant } from "./schemas";

export const createTenant: AppRouteHandler<typeof routes.createTenant> = async (c) => {
  const { tenant, liveKey, testKey } = await tenancy.createTenant(ctxOf(c), c.req.valid("json"));
  return c.json({ ...renderTenant(tenant), api_key: liveKey, test_api_key: testKey }, 201);
};

export const listTenants: AppRouteHandler<typeof routes.listTenants> = async (c) => {
  const tenants = await tenancy.listTenants(ctxOf(c), c.req.valid("query"));
  return c.json({ tenants: tenants.map(renderTenant) }, 200);
};

export const getTenant: AppRouteHandler<typeof routes.getTenant> = async (c) => {
  return c.json(renderTenant(await tenancy.getTenant(ctxOf(c), c.req.valid("param").id)), 200);
};

export const updateTenant: AppRouteHandler<typeof routes.updateTenant> = async (c) => {
  const tenant = await tenancy.updateTenant(ctxOf(c), c.req.valid("param").id, c.req.valid("json"));
  return c.json(renderTenant(tenant), 200);
};

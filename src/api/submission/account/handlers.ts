import { getTenant, setSendingDomains } from "../../../domain/tenancy/tenants";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderAccount } from "./schemas";

export const getAccount: AppRouteHandler<typeof routes.getAccount> = async (c) => {
  const ctx = tenantCtxOf(c);
  return c.json(renderAccount(c.var.caller, (await getTenant(ctx, ctx.tenant.id)).sendingDomains), 200);
};

export const updateAccount: AppRouteHandler<typeof routes.updateAccount> = async (c) => {
  const tenant = await setSendingDomains(tenantCtxOf(c), c.req.valid("json").sending_domains);
  return c.json(renderAccount(c.var.caller, tenant.sendingDomains), 200);
};

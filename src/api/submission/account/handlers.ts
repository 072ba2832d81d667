import { setSendingDomains } from "../../../domain/tenancy/tenants";
import { accountUsage } from "../../../domain/tenancy/usage";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderAccount, renderUsage } from "./schemas";

export const getAccount: AppRouteHandler<typeof routes.getAccount> = (c) => {
  return c.json(renderAccount(c.var.caller), 200);
};

export const updateAccount: AppRouteHandler<typeof routes.updateAccount> = async (c) => {
  const { sendingDomains } = await setSendingDomains(tenantCtxOf(c), c.req.valid("json").sending_domains);
  const caller = c.var.caller;
  return c.json(renderAccount({ ...caller, tenant: { ...caller.tenant, sendingDomains } }), 200);
};

export const getAccountUsage: AppRouteHandler<typeof routes.getAccountUsage> = async (c) => {
  return c.json(renderUsage(await accountUsage(tenantCtxOf(c)), c.var.caller.testMode), 200);
};

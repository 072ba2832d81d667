import type { Context } from "hono";
import { type Ctx, domainCtx, type TenantCtx } from "../domain/context";
import type { AppEnv } from "../platform/app-env";

/** The domain context of an operator request. */
export function ctxOf(c: Context<AppEnv>): Ctx {
  return domainCtx(c.var.db, c.env, (task) => c.executionCtx.waitUntil(task), c.var.timing);
}

/** The domain context of a tenant request: the caller's tenant and mode scope everything. */
export function tenantCtxOf(c: Context<AppEnv>): TenantCtx {
  const { tenant, testMode, apiKey } = c.var.caller;
  return { ...ctxOf(c), tenant, testMode, scopes: apiKey.scopes };
}

import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";
import { PLAN_QUOTAS, type QuotaWindow } from "./plans";
import { bindingWindow, type QuotaDecision, retryAfterSeconds, type WindowUsage } from "./quota";

/** Counts requests for a tenant; the transport (a Durable Object per tenant) stays behind it. */
export interface RateLimiter {
  consume(tenantId: string, windows: QuotaWindow[], nowMs: number): Promise<QuotaDecision>;
  /** The counts as they stand, counting nothing. */
  usage(tenantId: string, windows: QuotaWindow[], nowMs: number): Promise<WindowUsage[]>;
}

export function durableObjectRateLimiter(namespace: Env["RATE_LIMITER"]): RateLimiter {
  return {
    consume: (tenantId, windows, nowMs) => namespace.get(namespace.idFromName(tenantId)).consume(windows, nowMs),
    usage: (tenantId, windows, nowMs) => namespace.get(namespace.idFromName(tenantId)).usage(windows, nowMs),
  };
}

/** The X-RateLimit-* fields the seeds show, and the IETF RateLimit-Policy / RateLimit fields. */
export function rateLimitHeaders(decision: QuotaDecision, nowSeconds: number): Record<string, string> {
  const binding = bindingWindow(decision);
  if (!binding) return {};
  return {
    "X-RateLimit-Limit": String(binding.limit),
    "X-RateLimit-Remaining": String(binding.remaining),
    "X-RateLimit-Reset": String(binding.reset),
    "RateLimit-Policy": decision.windows.map((w) => `"${w.name}";q=${w.limit};w=${w.seconds}`).join(", "),
    RateLimit: `"${binding.name}";r=${binding.remaining};t=${Math.max(0, binding.reset - nowSeconds)}`,
  };
}

/**
 * Plan quotas per tenant. A batch endpoint is one request, so it counts once. Enterprise plans
 * have no windows: nothing is counted and no quota headers are sent, as there is no quota to show.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const { tenant } = c.var.caller;
  const windows = PLAN_QUOTAS[tenant.plan];
  if (windows.length === 0) return next();
  const now = Date.now();
  const decision = await durableObjectRateLimiter(c.env.RATE_LIMITER).consume(tenant.id, windows, now);
  const nowSeconds = Math.floor(now / 1000);
  const headers = rateLimitHeaders(decision, nowSeconds);
  if (!decision.allowed) {
    const retryAfter = retryAfterSeconds(decision, nowSeconds);
    const exhausted = decision.windows.filter((w) => w.remaining <= 0).map((w) => `${w.name} (${w.limit})`);
    throw new ApiError(
      "rate_limited",
      `Rate limit exceeded: ${exhausted.join(", ")} quota of the ${tenant.plan} plan; retry in ${retryAfter} s`,
      [],
      {
        ...headers,
        "Retry-After": String(retryAfter),
      },
    );
  }
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  await next();
});

import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";
import { errorFields, log } from "./log";
import { PLAN_QUOTAS, type QuotaWindow } from "./plans";
import { bindingWindow, type QuotaDecision, retryAfterSeconds, type UnspentTokens, type WindowUsage } from "./quota";
import { QUOTA_LEASE_TTL_MS, QuotaPool } from "./quota-pool";

/** Counts requests for a tenant; the transport (a Durable Object per tenant and mode) stays behind it. */
export interface RateLimiter {
  consume(tenantId: string, testMode: boolean, windows: QuotaWindow[], nowMs: number): Promise<QuotaDecision>;
  /** The counts as they stand, counting nothing. */
  usage(tenantId: string, testMode: boolean, windows: QuotaWindow[], nowMs: number): Promise<WindowUsage[]>;
}

/**
 * The limiter's name: test-mode keys count in their own object, so a CI job with a test key
 * cannot spend the tenant's live allowance (and live traffic cannot starve the sandbox).
 */
export const limiterName = (tenantId: string, testMode: boolean) => (testMode ? `${tenantId}::test` : tenantId);

/** Tokens are pooled per limiter and policy: a plan change starts a new pool at once. */
const poolKey = (name: string, windows: QuotaWindow[]) => `${name} ${windows.map((w) => `${w.name}:${w.limit}/${w.seconds}`).join(",")}`;

const pool = new QuotaPool();

/**
 * Most requests spend a token this isolate already holds and make no call at all; the others ask
 * the limiter, which counts them and may grant a few more. A request the limiter refuses looks at
 * the pool once more, since a concurrent grant may have filled it meanwhile. `background` runs
 * work after the answer (the request's waitUntil).
 */
export function durableObjectRateLimiter(namespace: Env["RATE_LIMITER"], background: (work: Promise<unknown>) => void): RateLimiter {
  const limiter = (name: string) => namespace.get(namespace.idFromName(name));
  return {
    consume: async (tenantId, testMode, windows, nowMs) => {
      const name = limiterName(tenantId, testMode);
      const key = poolKey(name, windows);
      const held = pool.take(key, nowMs);
      if (held) return held;
      const granted = await limiter(name).lease(windows, nowMs, pool.handBack(key, nowMs));
      if (!granted.allowed) return pool.take(key, nowMs) ?? granted;
      if (granted.granted > 1) background(handBackWhenLapsed(() => limiter(name), key));
      return pool.keep(key, granted, nowMs);
    },
    usage: async (tenantId, testMode, windows, nowMs) => {
      const name = limiterName(tenantId, testMode);
      const counted = await limiter(name).usage(windows, nowMs);
      return withoutHeld(counted, pool.holding(poolKey(name, windows), nowMs));
    },
  };
}

/**
 * Once a lease has lapsed, hands back what this isolate did not spend of it, so that an isolate
 * which sees no more of the tenant's traffic does not keep tokens counted until their window
 * starts over. A failed hand-back leaves them counted: it errs toward the limit.
 */
async function handBackWhenLapsed(limiter: () => ReturnType<Env["RATE_LIMITER"]["get"]>, key: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, QUOTA_LEASE_TTL_MS));
  const unspent = pool.handBack(key, Date.now());
  if (unspent.length === 0) return;
  try {
    await limiter().handBack(unspent);
  } catch (error) {
    log("warn", "quota tokens not handed back", { ...errorFields(error), tokens: unspent.reduce((n, t) => n + t.count, 0) });
  }
}

/** A usage figure less the tokens this isolate was granted and has not spent. */
function withoutHeld(counted: WindowUsage[], held: UnspentTokens[]): WindowUsage[] {
  return counted.map((window) => {
    const unused = held.filter((tokens) => tokens.starts[window.name] === window.start).reduce((sum, tokens) => sum + tokens.count, 0);
    const used = Math.max(0, window.used - unused);
    return { ...window, used, remaining: Math.max(0, window.limit - used) };
  });
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
 * Plan quotas per tenant and mode: live and test keys each get the plan's windows, counted apart.
 * A batch endpoint is one request, so it counts once. Enterprise plans
 * have no windows: nothing is counted and no quota headers are sent, as there is no quota to show.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const { tenant, testMode } = c.var.caller;
  const windows = PLAN_QUOTAS[tenant.plan];
  if (windows.length === 0) return next();
  const now = Date.now();
  const decision = await c.var.timing.measure("ratelimit", () =>
    durableObjectRateLimiter(c.env.RATE_LIMITER, (work) => c.executionCtx.waitUntil(work)).consume(tenant.id, testMode, windows, now),
  );
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

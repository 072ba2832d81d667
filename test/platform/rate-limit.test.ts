import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TenantRateLimiter } from "../../src/objects/tenant-rate-limiter";
import { PLAN_QUOTAS } from "../../src/platform/plans";
import { QUOTA_LEASE_TTL_MS } from "../../src/platform/quota-pool";
import { limiterName } from "../../src/platform/rate-limit";
import { DIALECTS, expectErrorDialect, FAMILY_PATHS } from "../support/dialects";
import { admin, call, createTenant } from "../support/http";

const limiterOf = (tenantId: string, testMode = false) =>
  env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(limiterName(tenantId, testMode)));

/** Sets a window's count in the tenant's real limiter, as if `count` requests had been made. */
async function spend(tenantId: string, window: "burst" | "hourly" | "daily", count: number, seconds: number, testMode = false) {
  await runInDurableObject(limiterOf(tenantId, testMode), (_instance: TenantRateLimiter, state) => {
    const start = Math.floor(Date.now() / 1000 / seconds) * seconds;
    state.storage.sql.exec("INSERT OR REPLACE INTO windows (name, start, count) VALUES (?, ?, ?)", window, start, count);
  });
}

/** The limiter's own count of a live window: the requests made and the tokens granted, spent or not. */
async function counted(tenantId: string, window: "burst" | "hourly" | "daily") {
  return runInDurableObject(
    limiterOf(tenantId),
    (_instance: TenantRateLimiter, state) =>
      state.storage.sql.exec<{ count: number }>("SELECT count FROM windows WHERE name = ?", window).one().count,
  );
}

const remainingOf = (res: { headers: Headers }) => Number(res.headers.get("X-RateLimit-Remaining"));

describe("plan quotas", () => {
  it("sends X-RateLimit-* and IETF RateLimit fields on authenticated responses", async () => {
    const t = await createTenant("starter");
    const before = Date.now();
    const res = await call("/api/v1/account", { key: t.liveKey });
    expect(res.headers.get("X-RateLimit-Limit")).toBe("100");
    expect(res.headers.get("X-RateLimit-Remaining")).toBe("99");
    const reset = Number(res.headers.get("X-RateLimit-Reset"));
    expect(reset % 60).toBe(0);
    expect(reset).toBeGreaterThan(before / 1000);
    expect(res.headers.get("RateLimit-Policy")).toBe('"burst";q=100;w=60, "hourly";q=1000;w=3600, "daily";q=10000;w=86400');
    expect(res.headers.get("RateLimit")).toMatch(/^"burst";r=99;t=\d+$/);

    const growth = await createTenant("growth");
    const g = await call("/v1/sites", { key: growth.liveKey });
    expect(g.headers.get("X-RateLimit-Limit")).toBe("10000");
    expect(g.headers.get("X-RateLimit-Remaining")).toBe("9999");
  });

  it("sends no quota headers for the unlimited enterprise plan", async () => {
    const t = await createTenant("enterprise");
    const res = await call("/api/v1/account", { key: t.liveKey });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-RateLimit-Limit")).toBeNull();
  });

  describe.each(DIALECTS)("in the %s family", (dialect) => {
    it("answers 429 with Retry-After once the hourly quota is spent", async () => {
      const t = await createTenant("starter");
      await spend(t.id, "hourly", 1000, 3600);
      const res = await call(FAMILY_PATHS[dialect], { key: t.liveKey });
      expect(res.status).toBe(429);
      expectErrorDialect(dialect, res.json, "rate_limited");
      const retryAfter = Number(res.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(res.headers.get("X-RateLimit-Remaining")).toBe("0");
      expect(res.headers.get("X-RateLimit-Limit")).toBe("1000");
    });
  });

  it("counts test-mode keys apart from live keys, each with the plan's windows", async () => {
    const t = await createTenant("starter");
    await spend(t.id, "hourly", 1000, 3600);
    expect((await call("/api/v1/account", { key: t.liveKey })).status).toBe(429);
    const sandbox = await call("/api/v1/account", { key: t.testKey });
    expect(sandbox.status).toBe(200);
    expect(sandbox.headers.get("X-RateLimit-Limit")).toBe("100");
    expect(sandbox.headers.get("X-RateLimit-Remaining")).toBe("99");

    const other = await createTenant("starter");
    await spend(other.id, "daily", 10_000, 86_400, true);
    expect((await call("/api/v1/account", { key: other.testKey })).status).toBe(429);
    const live = await call("/api/v1/account", { key: other.liveKey });
    expect(live.status).toBe(200);
    expect(live.headers.get("X-RateLimit-Remaining")).toBe("99");
  });

  it("lets exactly K of N concurrent calls through when K remain", async () => {
    const t = await createTenant("growth");
    await spend(t.id, "hourly", 10_000 - 7, 3600);
    const results = await Promise.all(Array.from({ length: 40 }, () => call("/api/v1/account", { key: t.liveKey })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(33);
    const remaining = results.filter((r) => r.status === 200).map((r) => Number(r.headers.get("X-RateLimit-Remaining")));
    expect(remaining.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("enforces the starter burst of 100 requests a minute", async () => {
    const t = await createTenant("starter");
    const results = await Promise.all(Array.from({ length: 105 }, () => call("/api/v1/account", { key: t.liveKey })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(100);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.json.error.message).toContain("burst");
  });

  it("applies a plan change to the very next request", async () => {
    const t = await createTenant("starter");
    await spend(t.id, "hourly", 1000, 3600);
    expect((await call("/api/v1/account", { key: t.liveKey })).status).toBe(429);
    await admin(`/admin/tenants/${t.id}`, { method: "PATCH", body: { plan: "growth" } });
    const res = await call("/api/v1/account", { key: t.liveKey });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-RateLimit-Limit")).toBe("10000");
  });

  it("counts each tenant separately", async () => {
    const a = await createTenant("starter");
    const b = await createTenant("starter");
    await spend(a.id, "hourly", 1000, 3600);
    expect((await call("/api/v1/account", { key: a.liveKey })).status).toBe(429);
    expect((await call("/api/v1/account", { key: b.liveKey })).status).toBe(200);
  });
});

it("hands back unspent tokens by itself once they lapse, with no later request in the isolate", async () => {
  const t = await createTenant("starter");
  // Clear of a minute's turn, so the burst window the tokens were counted in is still the current one.
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
  expect(remainingOf(await call("/api/v1/account", { key: t.liveKey }))).toBe(99);
  expect(await counted(t.id, "burst")).toBe(10);
  await vi.waitFor(async () => expect(await counted(t.id, "burst")).toBe(1), { timeout: QUOTA_LEASE_TTL_MS + 3_000, interval: 200 });
  expect(await counted(t.id, "hourly")).toBe(1);
});

describe("quota tokens leased to the isolate", () => {
  // Ten seconds into a minute, so the burst window does not start over under a test.
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date"], now: Math.floor(Date.now() / 60_000) * 60_000 + 10_000 }));
  afterEach(() => vi.useRealTimers());

  it("asks the tenant's limiter once for ten requests while plenty is left", async () => {
    const t = await createTenant("starter");
    const first = await call("/api/v1/account", { key: t.liveKey });
    expect(await counted(t.id, "burst")).toBe(10);
    const next = [];
    for (let i = 0; i < 9; i++) next.push(remainingOf(await call("/api/v1/account", { key: t.liveKey })));
    expect([remainingOf(first), ...next]).toEqual([99, 98, 97, 96, 95, 94, 93, 92, 91, 90]);
    expect(await counted(t.id, "burst")).toBe(10);
    expect(remainingOf(await call("/api/v1/account", { key: t.liveKey }))).toBe(89);
    expect(await counted(t.id, "burst")).toBe(19);
  });

  it("hands back the tokens it did not spend within the lease's time-to-live", async () => {
    const t = await createTenant("starter");
    for (let i = 0; i < 3; i++) await call("/api/v1/account", { key: t.liveKey });
    expect(await counted(t.id, "burst")).toBe(10);
    vi.setSystemTime(Date.now() + QUOTA_LEASE_TTL_MS);
    expect(remainingOf(await call("/api/v1/account", { key: t.liveKey }))).toBe(96);
    // 7 handed back, this request counted and 9 more granted.
    expect(await counted(t.id, "burst")).toBe(3 + 1 + 9);
  });

  it("admits exactly the limit between this isolate's tokens and another isolate's", async () => {
    const t = await createTenant("growth");
    await spend(t.id, "hourly", 10_000 - 31, 3600);
    expect((await call("/api/v1/account", { key: t.liveKey })).status).toBe(200);
    // Another isolate leases and spends every token it is granted until the limiter refuses it.
    let elsewhere = 0;
    for (;;) {
      const granted = await limiterOf(t.id).lease(PLAN_QUOTAS.growth, Date.now(), []);
      if (!granted.allowed) break;
      elsewhere += granted.granted;
    }
    const here = [];
    for (let i = 0; i < 5; i++) here.push((await call("/api/v1/account", { key: t.liveKey })).status);
    expect(here).toEqual([200, 200, 200, 429, 429]);
    expect(1 + 3 + elsewhere).toBe(31);
  });
});

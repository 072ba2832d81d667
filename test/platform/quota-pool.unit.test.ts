import { describe, expect, it } from "vitest";
import { PLAN_QUOTAS } from "../../src/platform/plans";
import { lease, type WindowCount } from "../../src/platform/quota";
import { QUOTA_LEASE_TTL_MS, QuotaPool } from "../../src/platform/quota-pool";

const starter = PLAN_QUOTAS.starter;
// 30 seconds into a minute, so a lease lapses by its time-to-live before the burst window ends.
const now = 7_230_000;
const remainingOf = (decision: { windows: { name: string; remaining: number }[] } | undefined) =>
  decision?.windows.find((w) => w.name === "burst")?.remaining;

describe("QuotaPool", () => {
  it("answers the asking request and then spends the extra tokens without a call, telling what is left", () => {
    const pool = new QuotaPool();
    const counts = new Map<string, WindowCount>();
    expect(pool.take("t", now)).toBeUndefined();
    expect(remainingOf(pool.keep("t", lease(starter, counts, now / 1000, []), now))).toBe(99);
    const taken = Array.from({ length: 10 }, () => remainingOf(pool.take("t", now)));
    expect(taken).toEqual([98, 97, 96, 95, 94, 93, 92, 91, 90, undefined]);
  });

  it("merges a concurrent grant and trusts the lower of two figures, as replies can land out of order", () => {
    const pool = new QuotaPool();
    const counts = new Map<string, WindowCount>();
    const first = lease(starter, counts, now / 1000, []);
    const second = lease(starter, counts, now / 1000, []);
    pool.keep("t", second, now);
    // 100 - 10 - 9 counted; the asking requests took 2, so 17 are held here.
    expect(remainingOf(pool.keep("t", first, now))).toBe(81 + 17);
    expect(pool.holding("t", now)).toEqual([{ count: 17, starts: first.starts }]);
    // A later grant does not keep the earlier tokens past their own deadline.
    pool.keep("t", lease(starter, counts, now / 1000, []), now + 1_000);
    expect(pool.take("t", now + QUOTA_LEASE_TTL_MS)).toBeUndefined();
  });

  it("lets held tokens lapse after their time-to-live and hands them back once", () => {
    const pool = new QuotaPool();
    const granted = lease(starter, new Map(), now / 1000, []);
    pool.keep("t", granted, now);
    pool.take("t", now);
    const later = now + QUOTA_LEASE_TTL_MS;
    expect(pool.take("t", later)).toBeUndefined();
    expect(pool.holding("t", later)).toEqual([{ count: 8, starts: granted.starts }]);
    expect(pool.handBack("t", later)).toEqual([{ count: 8, starts: granted.starts }]);
    expect(pool.handBack("t", later)).toEqual([]);
  });

  it("lets held tokens lapse when the earliest of their windows starts over", () => {
    const pool = new QuotaPool();
    const lastSecond = 7_259_500;
    pool.keep("t", lease(starter, new Map(), Math.floor(lastSecond / 1000), []), lastSecond);
    expect(pool.take("t", 7_260_000)).toBeUndefined();
    expect(pool.handBack("t", 7_260_000)[0]?.count).toBe(9);
  });

  it("keeps pools apart by key", () => {
    const pool = new QuotaPool();
    pool.keep("a", lease(starter, new Map(), now / 1000, []), now);
    expect(pool.take("b", now)).toBeUndefined();
    expect(pool.take("a", now)).toBeDefined();
  });
});

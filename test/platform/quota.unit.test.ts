import { describe, expect, it } from "vitest";
import { PLAN_QUOTAS } from "../../src/platform/plans";
import { bindingWindow, consume, lease, retryAfterSeconds, type WindowCount, windowUsage } from "../../src/platform/quota";

describe("quota windows", () => {
  const starter = PLAN_QUOTAS.starter;

  it("counts a request in every window and aligns windows to the clock", () => {
    const counts = new Map<string, WindowCount>();
    const decision = consume(starter, counts, 7_200 + 30);
    expect(decision.allowed).toBe(true);
    expect(decision.windows.map((w) => [w.name, w.remaining, w.reset])).toEqual([
      ["burst", 99, 7_260],
      ["hourly", 999, 10_800],
      ["daily", 9_999, 86_400],
    ]);
    expect(bindingWindow(decision)?.name).toBe("burst");
  });

  it("refuses all or nothing: a refused request is counted by no window", () => {
    const counts = new Map<string, WindowCount>([["burst", { start: 60, count: 100 }]]);
    const decision = consume(starter, counts, 90);
    expect(decision.allowed).toBe(false);
    expect(counts.get("hourly")?.count).toBe(0);
    expect(retryAfterSeconds(decision, 90)).toBe(30);
  });

  it("starts a window over when its period has passed", () => {
    const counts = new Map<string, WindowCount>([["burst", { start: 0, count: 100 }]]);
    expect(consume(starter, counts, 60).allowed).toBe(true);
    expect(counts.get("burst")).toEqual({ start: 60, count: 1 });
  });
});

describe("windowUsage", () => {
  const windows = PLAN_QUOTAS.starter;
  it("reports each window's count without counting, and a count from an earlier window as 0", () => {
    const now = 7_200 + 125;
    const counts = new Map([
      ["burst", { start: 7_200 + 120, count: 4 }],
      ["hourly", { start: 3_600, count: 900 }],
    ]);
    expect(windowUsage(windows, counts, now)).toEqual([
      { name: "burst", limit: 100, used: 4, remaining: 96, start: 7_320, reset: 7_380 },
      { name: "hourly", limit: 1_000, used: 0, remaining: 1_000, start: 7_200, reset: 10_800 },
      { name: "daily", limit: 10_000, used: 0, remaining: 10_000, start: 0, reset: 86_400 },
    ]);
    expect(counts.get("burst")).toEqual({ start: 7_320, count: 4 });
  });
});

describe("lease", () => {
  const starter = PLAN_QUOTAS.starter;
  const burstOf = (counts: Map<string, WindowCount>) => counts.get("burst")?.count;

  it("grants a tenth of what the tightest window has left after this request, at most 20, counted in every window", () => {
    const counts = new Map<string, WindowCount>();
    const granted = lease(starter, counts, 7_230, []);
    expect(granted.granted).toBe(10);
    expect(granted.windows.map((w) => [w.name, w.remaining])).toEqual([
      ["burst", 90],
      ["hourly", 990],
      ["daily", 9_990],
    ]);
    expect(granted.starts).toEqual({ burst: 7_200, hourly: 7_200, daily: 0 });
    expect([...counts.values()].map((c) => c.count)).toEqual([10, 10, 10]);

    const growth = new Map<string, WindowCount>();
    expect(lease(PLAN_QUOTAS.growth, growth, 7_230, []).granted).toBe(21);
  });

  it("grants the last requests of a window one by one, and refuses with nothing granted", () => {
    const counts = new Map<string, WindowCount>([["burst", { start: 7_200, count: 89 }]]);
    expect(lease(starter, counts, 7_230, []).granted).toBe(2);
    const grants = Array.from({ length: 12 }, () => lease(starter, counts, 7_230, []).granted);
    expect(grants).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(burstOf(counts)).toBe(100);
  });

  it("takes back unspent tokens only from a window that has not started over since the grant", () => {
    const counts = new Map<string, WindowCount>();
    const first = lease(starter, counts, 7_230, []);
    // 9 extra tokens lapsed unspent; the minute has rolled over, the hour has not.
    const again = lease(starter, counts, 7_265, [{ count: 9, starts: first.starts }]);
    expect(counts.get("burst")).toEqual({ start: 7_260, count: again.granted });
    expect(counts.get("hourly")).toEqual({ start: 7_200, count: 1 + again.granted });
  });

  it("never admits more than a limit, however the grants are spread over isolates", () => {
    const windows = [{ name: "burst" as const, limit: 250, seconds: 60 }];
    const counts = new Map<string, WindowCount>();
    const held = [0, 0, 0];
    let admitted = 0;
    for (let request = 0; request < 400; request++) {
      const isolate = request % 3;
      if (held[isolate]! > 0) {
        held[isolate]! -= 1;
        admitted += 1;
        continue;
      }
      const granted = lease(windows, counts, 30, []);
      if (granted.allowed) {
        admitted += 1;
        held[isolate] = granted.granted - 1;
      }
    }
    expect(admitted + held.reduce((a, b) => a + b, 0)).toBe(250);
    expect(admitted).toBeLessThanOrEqual(250);
  });
});

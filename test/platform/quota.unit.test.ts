import { describe, expect, it } from "vitest";
import { PLAN_QUOTAS } from "../../src/platform/plans";
import { bindingWindow, consume, retryAfterSeconds, type WindowCount, windowUsage } from "../../src/platform/quota";

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

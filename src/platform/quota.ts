import type { QuotaWindow } from "./plans";

/** How many requests a window has counted since it started (its start in unix seconds). */
export interface WindowCount {
  start: number;
  count: number;
}

export interface WindowState {
  name: QuotaWindow["name"];
  limit: number;
  remaining: number;
  /** Unix seconds when the window starts over. */
  reset: number;
  seconds: number;
}

export interface QuotaDecision {
  allowed: boolean;
  windows: WindowState[];
}

export function windowStart(window: QuotaWindow, nowSeconds: number): number {
  return Math.floor(nowSeconds / window.seconds) * window.seconds;
}

/**
 * Counts one request against every window, all or nothing: a request refused by one window is
 * not counted by the others. Mutates `counts` (keyed by window name) and reports each window.
 */
export function consume(windows: QuotaWindow[], counts: Map<string, WindowCount>, nowSeconds: number): QuotaDecision {
  const current = windows.map((window) => {
    const start = windowStart(window, nowSeconds);
    const stored = counts.get(window.name);
    const count = stored && stored.start === start ? stored.count : 0;
    return { window, start, count };
  });
  const allowed = current.every(({ window, count }) => count < window.limit);
  for (const entry of current) {
    if (allowed) entry.count += 1;
    counts.set(entry.window.name, { start: entry.start, count: entry.count });
  }
  return {
    allowed,
    windows: current.map(({ window, start, count }) => ({
      name: window.name,
      limit: window.limit,
      remaining: Math.max(0, window.limit - count),
      reset: start + window.seconds,
      seconds: window.seconds,
    })),
  };
}

/** The window a client should watch: the one with the fewest requests left (earliest reset on a tie). */
export function bindingWindow(decision: QuotaDecision): WindowState | undefined {
  return [...decision.windows].sort((a, b) => a.remaining - b.remaining || a.reset - b.reset)[0];
}

/** Seconds until a refused request could succeed: the latest reset among the exhausted windows. */
export function retryAfterSeconds(decision: QuotaDecision, nowSeconds: number): number {
  const exhausted = decision.windows.filter((w) => w.remaining <= 0);
  return Math.max(1, ...exhausted.map((w) => w.reset - nowSeconds));
}

/** A window's count as it stands, without counting a request. */
export interface WindowUsage {
  name: QuotaWindow["name"];
  limit: number;
  used: number;
  remaining: number;
  /** Unix seconds when the window started and when it starts over. */
  start: number;
  reset: number;
}

/** What each window has counted so far: a stored count from an earlier window is 0 in the current one. */
export function windowUsage(windows: QuotaWindow[], counts: Map<string, WindowCount>, nowSeconds: number): WindowUsage[] {
  return windows.map((window) => {
    const start = windowStart(window, nowSeconds);
    const stored = counts.get(window.name);
    const used = stored && stored.start === start ? stored.count : 0;
    return {
      name: window.name,
      limit: window.limit,
      used,
      remaining: Math.max(0, window.limit - used),
      start,
      reset: start + window.seconds,
    };
  });
}

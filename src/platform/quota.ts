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

/** Requests an isolate was granted and did not spend, for the window starts they were counted in. */
export interface UnspentTokens {
  count: number;
  /** Each window's start (unix seconds) at the grant: a window that has since started over keeps its count. */
  starts: Record<string, number>;
}

/** A decision that may also grant the caller requests to admit later without asking again. */
export interface QuotaLease extends QuotaDecision {
  /** Requests counted by this call: the asking one and the extra ones (0 when refused). */
  granted: number;
  /** Each window's start (unix seconds), to hand back with tokens that go unspent. */
  starts: Record<string, number>;
}

/** The extra requests a lease may hold: a tenth of what the tightest window has left, at most 20. */
const LEASE_SHARE = 10;
const LEASE_MAX_EXTRA = 20;

/**
 * Takes back `unspent` tokens, counts one request as `consume` does and, if it is allowed, grants
 * extra requests counted at once in every window. The extra is at most a tenth of what the
 * tightest window has left, so a window's last requests are granted one by one and a caller
 * that spends every token it holds never exceeds a limit. Mutates `counts`.
 */
export function lease(windows: QuotaWindow[], counts: Map<string, WindowCount>, nowSeconds: number, unspent: UnspentTokens[]): QuotaLease {
  takeBack(counts, unspent);
  const decision = consume(windows, counts, nowSeconds);
  const starts = Object.fromEntries(decision.windows.map((w) => [w.name, w.reset - w.seconds]));
  if (!decision.allowed) return { ...decision, granted: 0, starts };
  const extra = Math.min(LEASE_MAX_EXTRA, ...decision.windows.map((w) => Math.floor(w.remaining / LEASE_SHARE)));
  for (const window of decision.windows) {
    window.remaining -= extra;
    const stored = counts.get(window.name);
    if (stored) stored.count += extra;
  }
  return { ...decision, granted: 1 + extra, starts };
}

/** Uncounts tokens granted and not spent, in each window that has not started over since. Mutates `counts`. */
export function takeBack(counts: Map<string, WindowCount>, unspent: UnspentTokens[]): void {
  for (const tokens of unspent) {
    for (const [name, start] of Object.entries(tokens.starts)) {
      const stored = counts.get(name);
      if (stored && stored.start === start) stored.count = Math.max(0, stored.count - tokens.count);
    }
  }
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

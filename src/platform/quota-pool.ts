import type { QuotaDecision, QuotaLease, UnspentTokens, WindowState } from "./quota";

/**
 * How long an isolate may hold granted tokens. Tokens also lapse when the earliest of their
 * windows starts over, since they were counted in the window that ended. docs/behaviour.md states
 * the bound to users.
 */
export const QUOTA_LEASE_TTL_MS = 2_000;

interface Held {
  tokens: number;
  /** Each window as the limiter last reported it, already less the tokens held here. */
  windows: WindowState[];
  starts: Record<string, number>;
  expires: number;
}

/**
 * The requests a tenant's limiter granted to this isolate and it has not spent yet, per limiter
 * and windows policy, so most requests do not wait on the limiter. Tokens that lapse unspent wait
 * here for a hand-back: the leasing request's, after its answer, or the isolate's next call to the
 * limiter, whichever comes first. Only numbers are kept, never another request's promise.
 */
export class QuotaPool {
  private readonly held = new Map<string, Held>();
  private readonly unspent = new Map<string, UnspentTokens[]>();

  constructor(private readonly maxKeys = 1_000) {}

  /** Spends one held token, if there is one; the decision tells what the windows have left. */
  take(key: string, nowMs: number): QuotaDecision | undefined {
    const held = this.current(key, nowMs);
    if (!held) return undefined;
    held.tokens -= 1;
    if (held.tokens === 0) this.held.delete(key);
    return decisionOf(held);
  }

  /** Keeps what a lease granted beyond the request that asked for it; the decision for that request. */
  keep(key: string, granted: QuotaLease, nowMs: number): QuotaDecision {
    const extra = Math.max(0, granted.granted - 1);
    const expires = Math.min(nowMs + QUOTA_LEASE_TTL_MS, ...granted.windows.map((w) => w.reset * 1000));
    const held = this.current(key, nowMs);
    if (held && sameStarts(held.starts, granted.starts)) {
      held.tokens += extra;
      // Replies can land out of order: the lower figure is the limiter's later word.
      held.windows = granted.windows.map((w) => {
        const before = held.windows.find((b) => b.name === w.name);
        return before && before.remaining < w.remaining ? before : w;
      });
      // The older tokens' deadline holds for all, so none is held past its own.
      held.expires = Math.min(held.expires, expires);
      return decisionOf(held);
    }
    if (held) this.lapse(key, held);
    const fresh: Held = { tokens: extra, windows: granted.windows, starts: granted.starts, expires };
    if (extra > 0) this.remember(this.held, key, fresh);
    return decisionOf(fresh);
  }

  /** Takes the lapsed tokens of `key`, for the caller to hand back to its limiter. */
  handBack(key: string, nowMs: number): UnspentTokens[] {
    this.current(key, nowMs);
    const unspent = this.unspent.get(key) ?? [];
    this.unspent.delete(key);
    return unspent;
  }

  /** Every token of `key` this isolate holds or has yet to hand back: counted by the limiter, not used. */
  holding(key: string, nowMs: number): UnspentTokens[] {
    const held = this.current(key, nowMs);
    return [...(held ? [{ count: held.tokens, starts: held.starts }] : []), ...(this.unspent.get(key) ?? [])];
  }

  private current(key: string, nowMs: number): Held | undefined {
    const held = this.held.get(key);
    if (held && held.expires <= nowMs) {
      this.lapse(key, held);
      return undefined;
    }
    return held;
  }

  private lapse(key: string, held: Held): void {
    this.held.delete(key);
    if (held.tokens > 0) this.remember(this.unspent, key, [...(this.unspent.get(key) ?? []), { count: held.tokens, starts: held.starts }]);
  }

  /** Insertion order is age order: past `maxKeys`, the oldest entry goes (its tokens stay counted, erring toward the limit). */
  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > this.maxKeys) map.delete(map.keys().next().value as string);
  }
}

function decisionOf(held: Held): QuotaDecision {
  return { allowed: true, windows: held.windows.map((w) => ({ ...w, remaining: w.remaining + held.tokens })) };
}

function sameStarts(a: Record<string, number>, b: Record<string, number>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

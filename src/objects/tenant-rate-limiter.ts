import { DurableObject } from "cloudflare:workers";
import type { QuotaWindow } from "../platform/plans";
import { lease, type QuotaLease, takeBack, type UnspentTokens, type WindowCount, type WindowUsage, windowUsage } from "../platform/quota";

/**
 * One per tenant (named by tenant id): counts requests in the plan's windows. A Durable Object
 * runs one call at a time and `lease` never awaits (its SQLite storage is synchronous), so N
 * concurrent calls against K remaining requests are granted at most K in all, whatever isolates
 * spend them, and exactly K while K is 10 or fewer (one each).
 */
export class TenantRateLimiter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS windows (name TEXT PRIMARY KEY, start INTEGER NOT NULL, count INTEGER NOT NULL)");
  }

  /**
   * Counts one request and grants a few more to the calling isolate, after taking back the tokens it
   * did not spend. The plan's windows come with each call, so a plan change applies to the very next
   * request.
   */
  lease(windows: QuotaWindow[], nowMs: number, unspent: UnspentTokens[]): QuotaLease {
    const counts = this.counts();
    const decision = lease(windows, counts, Math.floor(nowMs / 1000), unspent);
    if (decision.allowed || unspent.length > 0) this.save(counts);
    return decision;
  }

  /** Takes back tokens an isolate was granted and did not spend, counting nothing. */
  handBack(unspent: UnspentTokens[]): void {
    const counts = this.counts();
    takeBack(counts, unspent);
    this.save(counts);
  }

  /** The windows' counts as they stand (GET /api/v1/account/usage), counting nothing. */
  usage(windows: QuotaWindow[], nowMs: number): WindowUsage[] {
    return windowUsage(windows, this.counts(), Math.floor(nowMs / 1000));
  }

  private save(counts: Map<string, WindowCount>): void {
    for (const [name, { start, count }] of counts)
      this.ctx.storage.sql.exec("INSERT OR REPLACE INTO windows (name, start, count) VALUES (?, ?, ?)", name, start, count);
  }

  private counts(): Map<string, WindowCount> {
    const counts = new Map<string, WindowCount>();
    for (const row of this.ctx.storage.sql.exec<{ name: string; start: number; count: number }>("SELECT name, start, count FROM windows")) {
      counts.set(row.name, { start: row.start, count: row.count });
    }
    return counts;
  }
}

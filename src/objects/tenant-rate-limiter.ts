import { DurableObject } from "cloudflare:workers";
import type { QuotaWindow } from "../platform/plans";
import { consume, type QuotaDecision, type WindowCount } from "../platform/quota";

/**
 * One per tenant (named by tenant id): counts requests in the plan's windows. A Durable Object
 * runs one call at a time and `consume` never awaits, so N concurrent calls against K remaining
 * requests let exactly K through.
 */
export class TenantRateLimiter extends DurableObject<Env> {
  private readonly counts = new Map<string, WindowCount>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS windows (name TEXT PRIMARY KEY, start INTEGER NOT NULL, count INTEGER NOT NULL)");
    for (const row of ctx.storage.sql.exec<{ name: string; start: number; count: number }>("SELECT name, start, count FROM windows")) {
      this.counts.set(row.name, { start: row.start, count: row.count });
    }
  }

  /** The plan's windows come with each call, so a plan change applies to the very next request. */
  consume(windows: QuotaWindow[], nowMs: number, cost = 1): QuotaDecision {
    const decision = consume(windows, this.counts, Math.floor(nowMs / 1000), cost);
    for (const window of windows) {
      const count = this.counts.get(window.name);
      if (count) {
        this.ctx.storage.sql.exec("INSERT OR REPLACE INTO windows (name, start, count) VALUES (?, ?, ?)", window.name, count.start, count.count);
      }
    }
    return decision;
  }
}

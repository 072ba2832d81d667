import { DurableObject } from "cloudflare:workers";
import type { CapState, CapWindow } from "../domain/flows/cap-windows";
import { EXTERNAL_ID_KEY, type GateItem, type GateVerdict } from "../domain/intake/gate";

const DAY_MS = 86_400_000;

/**
 * One per flow (and mode): the duplicate keys the flow has accepted and its volume-cap counters.
 * Calls run one at a time and never await, so two identical leads arriving together cannot both
 * pass, and N leads racing for K cap slots admit exactly K.
 */
export class FlowGate extends DurableObject<Env> {
  // The cleanup's bookkeeping as this instance last read or wrote it, so an admission does not
  // read it back each time (undefined: not read yet).
  private cleanup: { windowDays: number; alarmSet: boolean } | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS duplicate_keys (key TEXT PRIMARY KEY, lead_id TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS duplicate_keys_at ON duplicate_keys (at);
      CREATE TABLE IF NOT EXISTS cap_counts (name TEXT NOT NULL, start INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (name, start));
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);`);
  }

  /**
   * Admits leads in order: a lead whose key was accepted within the window is a duplicate; one
   * over a cap is refused; the rest are counted and their keys recorded. With `stopAtRefusal`,
   * nothing after the first refused lead is considered (it is left out of the verdicts).
   */
  admit(
    items: GateItem[],
    windowDays: number,
    caps: CapWindow[],
    nowMs: number,
    stopAtRefusal = false,
  ): { verdicts: GateVerdict[]; caps: CapState[] } {
    const verdicts: GateVerdict[] = [];
    for (const item of items) {
      const verdict = this.judge(item, windowDays, caps, nowMs);
      verdicts.push(verdict);
      if (verdict.admitted) {
        for (const key of item.keys)
          this.ctx.storage.sql.exec("INSERT OR REPLACE INTO duplicate_keys (key, lead_id, at) VALUES (?, ?, ?)", key, item.leadId, nowMs);
        for (const cap of caps) {
          this.ctx.storage.sql.exec(
            "INSERT INTO cap_counts (name, start, count) VALUES (?, ?, 1) ON CONFLICT (name, start) DO UPDATE SET count = count + 1",
            cap.name,
            cap.start,
          );
        }
      } else if (stopAtRefusal) {
        break;
      }
    }
    this.scheduleCleanup(windowDays, nowMs);
    return { verdicts, caps: this.capStates(caps) };
  }

  /** What `admit` would answer for one lead, changing nothing (dry runs and cap read-back). */
  peek(keys: string[], windowDays: number, caps: CapWindow[], nowMs: number): { verdict: GateVerdict; caps: CapState[] } {
    return { verdict: this.judge({ leadId: "", keys }, windowDays, caps, nowMs), caps: this.capStates(caps) };
  }

  /** Undoes the admission of leads whose write to D1 failed, so they do not count or block. */
  release(leadIds: string[], caps: CapWindow[]): void {
    for (const leadId of leadIds) {
      this.ctx.storage.sql.exec("DELETE FROM duplicate_keys WHERE lead_id = ?", leadId);
      for (const cap of caps)
        this.ctx.storage.sql.exec("UPDATE cap_counts SET count = MAX(count - 1, 0) WHERE name = ? AND start = ?", cap.name, cap.start);
    }
  }

  override async alarm(): Promise<void> {
    const horizon = this.meta("window_days") ?? 30;
    const now = Date.now();
    this.ctx.storage.sql.exec("DELETE FROM meta WHERE name = 'alarm_at'");
    this.cleanup = undefined;
    this.ctx.storage.sql.exec(
      "DELETE FROM duplicate_keys WHERE at < ? AND substr(key, 1, ?) <> ?",
      now - horizon * DAY_MS,
      EXTERNAL_ID_KEY.length,
      EXTERNAL_ID_KEY,
    );
    this.ctx.storage.sql.exec("DELETE FROM cap_counts WHERE start < ?", now - 2 * DAY_MS);
  }

  private judge(item: GateItem, windowDays: number, caps: CapWindow[], nowMs: number): GateVerdict {
    const verdict: GateVerdict = { leadId: item.leadId, admitted: false, duplicateOf: null, matchedKey: null, capExceeded: null };
    for (const key of item.keys) {
      const since = key.startsWith(EXTERNAL_ID_KEY) ? 0 : nowMs - windowDays * DAY_MS;
      const [hit] = this.ctx.storage.sql
        .exec<{ lead_id: string }>("SELECT lead_id FROM duplicate_keys WHERE key = ? AND at >= ?", key, since)
        .toArray();
      if (hit) return { ...verdict, duplicateOf: hit.lead_id, matchedKey: key };
    }
    const full = this.capStates(caps).find((cap) => cap.remaining <= 0);
    if (full) return { ...verdict, capExceeded: full.name };
    return { ...verdict, admitted: true };
  }

  private capStates(caps: CapWindow[]): CapState[] {
    return caps.map((cap) => {
      const [row] = this.ctx.storage.sql
        .exec<{ count: number }>("SELECT count FROM cap_counts WHERE name = ? AND start = ?", cap.name, cap.start)
        .toArray();
      const used = row?.count ?? 0;
      return {
        name: cap.name,
        limit: cap.limit,
        used,
        remaining: Math.max(0, cap.limit - used),
        resets_at: new Date(cap.reset).toISOString(),
      };
    });
  }

  private meta(name: string): number | undefined {
    return this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM meta WHERE name = ?", name).toArray()[0]?.value;
  }

  /** Expired keys (never an external_id's) and old counters are dropped by a daily alarm; the longest window used decides. */
  private scheduleCleanup(windowDays: number, nowMs: number): void {
    const sql = this.ctx.storage.sql;
    this.cleanup ??= { windowDays: this.meta("window_days") ?? 0, alarmSet: this.meta("alarm_at") !== undefined };
    if (windowDays > this.cleanup.windowDays) {
      sql.exec("INSERT OR REPLACE INTO meta (name, value) VALUES ('window_days', ?)", windowDays);
      this.cleanup.windowDays = windowDays;
    }
    if (!this.cleanup.alarmSet) {
      sql.exec("INSERT INTO meta (name, value) VALUES ('alarm_at', ?)", nowMs + DAY_MS);
      void this.ctx.storage.setAlarm(nowMs + DAY_MS);
      this.cleanup.alarmSet = true;
    }
  }
}

import { DurableObject } from "cloudflare:workers";

/**
 * One per sender: the messages it may send on each local day. A reservation is keyed by message,
 * so a retried send reserves nothing more; calls run one at a time and never await, so N sends
 * racing for K remaining places get exactly K.
 */
export class SenderQuota extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS reservations (message_id TEXT PRIMARY KEY, day TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS reservations_day ON reservations (day);`);
  }

  /** Takes a place on `day` for the message, unless `limit` are taken; the message's own place counts as its own. */
  reserve(day: string, messageId: string, limit: number): { reserved: boolean; used: number } {
    const [mine] = this.ctx.storage.sql.exec<{ day: string }>("SELECT day FROM reservations WHERE message_id = ?", messageId).toArray();
    if (mine?.day === day) return { reserved: true, used: this.used(day) };
    const used = this.used(day);
    if (used >= limit) return { reserved: false, used };
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO reservations (message_id, day) VALUES (?, ?)", messageId, day);
    this.pruneBefore(day);
    return { reserved: true, used: used + 1 };
  }

  /** Gives a place back: the message was not sent after all (suppressed, refused). */
  release(messageId: string): void {
    this.ctx.storage.sql.exec("DELETE FROM reservations WHERE message_id = ?", messageId);
  }

  used(day: string): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM reservations WHERE day = ?", day).one().n;
  }

  // Days before yesterday can no longer be sent on; two days kept covers any zone's "today".
  private pruneBefore(day: string): void {
    const [y, m, d] = day.split("-").map(Number) as [number, number, number];
    const cutoff = new Date(Date.UTC(y, m - 1, d - 2)).toISOString().slice(0, 10);
    this.ctx.storage.sql.exec("DELETE FROM reservations WHERE day < ?", cutoff);
  }
}

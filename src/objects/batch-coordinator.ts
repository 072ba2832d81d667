import { DurableObject } from "cloudflare:workers";
import type { BatchProgress } from "../domain/batch-progress";

/**
 * One per batch: counts the chunks that finished, each once however often its queue message is
 * delivered, and says when the batch is complete. Completion is due from the last chunk until the
 * Worker that finished the batch confirms it, so a Worker that dies in between leaves it due for
 * the redelivered message rather than lost; the finishing write itself is conditional, so a
 * completion that is due twice still finishes the batch once.
 */
export class BatchCoordinator extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS batch (id INTEGER PRIMARY KEY CHECK (id = 1), total_chunks INTEGER NOT NULL, " +
        `total_items INTEGER NOT NULL, completed INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS chunks (chunk INTEGER PRIMARY KEY, processed INTEGER NOT NULL, failed INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS leases (chunk INTEGER PRIMARY KEY, until INTEGER NOT NULL);`,
    );
  }

  start(totalChunks: number, totalItems: number): BatchProgress {
    this.ctx.storage.sql.exec("INSERT OR IGNORE INTO batch (id, total_chunks, total_items) VALUES (1, ?, ?)", totalChunks, totalItems);
    return this.progress();
  }

  /**
   * Lets one worker at a time work on a chunk: two deliveries of the same message running together
   * must not both score it. A lease runs out, so a worker that died does not block the chunk; one that failed releases it.
   */
  claim(chunk: number, nowMs: number, leaseMs: number): "granted" | "busy" | "done" {
    const [done] = this.ctx.storage.sql.exec("SELECT 1 FROM chunks WHERE chunk = ?", chunk).toArray();
    if (done) return "done";
    const [lease] = this.ctx.storage.sql.exec<{ until: number }>("SELECT until FROM leases WHERE chunk = ?", chunk).toArray();
    if (lease && lease.until > nowMs) return "busy";
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO leases (chunk, until) VALUES (?, ?)", chunk, nowMs + leaseMs);
    return "granted";
  }

  /** Ends a lease whose worker failed, so the retried message may score the chunk at once. */
  release(chunk: number): void {
    this.ctx.storage.sql.exec("DELETE FROM leases WHERE chunk = ?", chunk);
  }

  /** Counts a finished chunk; a chunk reported again (a redelivered message) is not counted twice. */
  record(chunk: number, processed: number, failed: number): BatchProgress {
    this.ctx.storage.sql.exec("INSERT OR IGNORE INTO chunks (chunk, processed, failed) VALUES (?, ?, ?)", chunk, processed, failed);
    this.ctx.storage.sql.exec("DELETE FROM leases WHERE chunk = ?", chunk);
    return this.progress();
  }

  confirmCompletion(): BatchProgress {
    this.ctx.storage.sql.exec("UPDATE batch SET completed = 1");
    return this.progress();
  }

  progress(): BatchProgress {
    const [batch] = this.ctx.storage.sql
      .exec<{ total_chunks: number; total_items: number; completed: number }>("SELECT total_chunks, total_items, completed FROM batch")
      .toArray();
    const [done] = this.ctx.storage.sql
      .exec<{ chunks: number; processed: number; failed: number }>(
        "SELECT count(*) AS chunks, coalesce(sum(processed), 0) AS processed, coalesce(sum(failed), 0) AS failed FROM chunks",
      )
      .toArray();
    const totalChunks = batch?.total_chunks ?? 0;
    const chunksDone = done?.chunks ?? 0;
    const completed = batch?.completed === 1;
    return {
      totalChunks,
      totalItems: batch?.total_items ?? 0,
      chunksDone,
      processedItems: done?.processed ?? 0,
      failedItems: done?.failed ?? 0,
      completionDue: batch !== undefined && chunksDone >= totalChunks && !completed,
      completed,
    };
  }
}

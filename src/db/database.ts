import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";

/**
 * Drizzle over a D1 session or binding; `$client` is that session itself, for raw batches.
 * Without drizzle's relational query API: building its config from our schema took an eighth of
 * the CPU of every intake request (a CPU profile under `wrangler dev`), and queries are written
 * with the query builder anyway.
 */
export type Database = DrizzleD1Database & { $client: Pick<D1Database, "prepare" | "batch"> };

/**
 * drizzle 0.45 types its D1 client as a whole D1Database (exec, dump, withSession too), but its
 * driver calls only prepare() and batch(): the compiler checks that the client has those two.
 */
export function openDatabase(client: Database["$client"]): Database {
  return drizzle(client as D1Database) as Database;
}

import type { DrizzleD1Database } from "drizzle-orm/d1";
import type * as schema from "./schema";

/** Drizzle over the request's D1 session; `$client` is the session itself, for raw batches. */
export type Database = DrizzleD1Database<typeof schema> & { $client: Pick<D1Database, "prepare" | "batch"> };

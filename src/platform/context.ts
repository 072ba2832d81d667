import type { DrizzleD1Database } from "drizzle-orm/d1";
import type * as schema from "../db/schema";
import type { Family } from "./families";
import type { Plan } from "./plans";

/** Drizzle over the request's D1 session; `$client` is the session itself, for raw batches. */
export type Database = DrizzleD1Database<typeof schema> & { $client: Pick<D1Database, "prepare" | "batch"> };

/** Who is calling: set by the API-key middleware on every tenant route. */
export interface Caller {
  tenant: { id: string; slug: string; name: string; plan: Plan };
  apiKey: { id: string; prefix: string; mode: "live" | "test"; scopes: string[] };
  /** Test-mode keys see and write only test data. */
  testMode: boolean;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    family: Family;
    db: Database;
    caller: Caller;
  };
};

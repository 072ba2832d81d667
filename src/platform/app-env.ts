import type { Database } from "../db/database";
import type { Family } from "./families";
import type { Plan } from "./plans";
import type { ServerTiming } from "./server-timing";

/** Who is calling: set by the API-key middleware on every tenant route. */
export interface Caller {
  tenant: { id: string; slug: string; name: string; plan: Plan; sendingDomains: string[] };
  apiKey: { id: string; prefix: string; mode: "live" | "test"; scopes: string[] };
  /** Test-mode keys see and write only test data. */
  testMode: boolean;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    timing: ServerTiming;
    family: Family;
    db: Database;
    caller: Caller;
  };
};

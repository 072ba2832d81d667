import type { Caller, Database } from "../platform/context";

/** What every domain verb gets: storage, configuration and the clock. No HTTP. */
export interface Ctx {
  db: Database;
  env: Env;
  now: Date;
}

/** A verb acting for a tenant: every query it makes is scoped by `tenant.id` and `testMode`. */
export interface TenantCtx extends Ctx {
  tenant: Caller["tenant"];
  testMode: boolean;
}

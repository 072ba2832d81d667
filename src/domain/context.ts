import type { Caller, Database } from "../platform/context";

/** What every domain verb gets: storage, configuration, the clock and outbound fetch. No Hono. */
export interface Ctx {
  db: Database;
  env: Env;
  now: Date;
  /** Outbound HTTP (providers, webhooks); tests fake it at this boundary. */
  fetch: typeof fetch;
  /** Work that may finish after the answer is sent (the runtime's waitUntil). */
  waitUntil: (task: Promise<unknown>) => void;
}

/** A verb acting for a tenant: every query it makes is scoped by `tenant.id` and `testMode`. */
export interface TenantCtx extends Ctx {
  tenant: Caller["tenant"];
  testMode: boolean;
}

import { type Database, openDatabase } from "../db/database";
import type { Caller } from "../platform/app-env";
import type { ServerTiming } from "../platform/server-timing";

/** What every domain verb gets: storage, configuration, the clock and outbound fetch. No Hono. */
export interface Ctx {
  db: Database;
  env: Env;
  now: Date;
  /** Outbound HTTP (providers, webhooks); tests fake it at this boundary. */
  fetch: typeof fetch;
  /** Work that may finish after the answer is sent (the runtime's waitUntil). */
  waitUntil: (task: Promise<unknown>) => void;
  /** The request's Server-Timing, where a verb's round trips (flow, gate, write) are reported. */
  timing?: Pick<ServerTiming, "measure">;
}

/** A verb acting for a tenant: every query it makes is scoped by `tenant.id` and `testMode`. */
export interface TenantCtx extends Ctx {
  tenant: Caller["tenant"];
  testMode: boolean;
  /**
   * The calling API key's scopes, for a verb whose side effect reaches past its own resource (a
   * batch that creates a webhook endpoint); absent outside a request, where nothing is limited.
   */
  scopes?: readonly string[];
}

/** The one place a domain context is built: a request's D1 session, or the binding itself outside a request. */
export function domainCtx(db: Database, env: Env, waitUntil: Ctx["waitUntil"], timing?: ServerTiming): Ctx {
  return { db, env, now: new Date(), fetch: (input, init) => fetch(input, init), waitUntil, ...(timing ? { timing } : {}) };
}

/** Runs `work` as a stage of the request's Server-Timing, when there is a request. */
export function timed<T>(ctx: Ctx, stage: string, work: () => Promise<T>): Promise<T> {
  return ctx.timing ? ctx.timing.measure(stage, work) : work();
}

/** The context of work outside a request (a queue consumer, a Workflow step, a cron): the database binding itself. */
export function backgroundCtx(env: Env, waitUntil: Ctx["waitUntil"]): Ctx {
  return domainCtx(openDatabase(env.DB), env, waitUntil);
}

import { errorFields, log } from "../platform/log";
import type { Ctx } from "./context";

// The outboxes this isolate is dispatching, by job and tenant, since when, and those written to
// meanwhile. A dispatch older than a Worker's waitUntil allowance was cut off, not running.
const dispatching = new Map<string, number>();
const writtenMeanwhile = new Set<string>();
const WAIT_UNTIL_ALLOWANCE_MS = 30_000;
// How long a run waits before going again for what was written meanwhile: in a burst, what each
// round collects grows with it, instead of every round reading the outbox for a lead or two.
const BURST_PAUSE_MS = 100;

/**
 * After a write that added to a tenant's outbox (webhook events, emails, enrollments): run `job`
 * once the answer is on its way. While this isolate already runs it for the tenant, the write is
 * only noted and that run goes once more when it ends (after BURST_PAUSE_MS), so a burst of writes
 * costs a few reads of the outbox rather than one each; the minute cron sends whatever an isolate
 * that died left behind.
 */
export function dispatchAfterAnswer(ctx: Ctx & { tenant: { id: string } }, job: string, dispatch: () => Promise<unknown>): void {
  const key = `${job}:${ctx.tenant.id}`;
  const since = dispatching.get(key);
  if (since !== undefined && Date.now() - since < WAIT_UNTIL_ALLOWANCE_MS) {
    writtenMeanwhile.add(key);
    return;
  }
  dispatching.set(key, Date.now());
  const run = async () => {
    try {
      do {
        writtenMeanwhile.delete(key);
        await dispatch();
        if (writtenMeanwhile.has(key)) await new Promise((resolve) => setTimeout(resolve, BURST_PAUSE_MS));
      } while (writtenMeanwhile.has(key));
    } catch (error) {
      log("error", `${job} failed`, { job, tenant_id: ctx.tenant.id, ...errorFields(error) });
    } finally {
      dispatching.delete(key);
    }
  };
  ctx.waitUntil(run());
}

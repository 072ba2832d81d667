import { IsolateCache } from "../../platform/isolate-cache";
import type { TenantCtx } from "../context";

// Whether a tenant's mode has an active sequence, as this isolate last asked. It decides only
// whether intake starts the enrollments its triggers may have written at once (the minute cron
// starts any others), never whether the triggers are written.
const known = new IsolateCache<{ key: string; active: boolean }>();

const keyOf = (ctx: TenantCtx) => `${ctx.tenant.id}:${ctx.testMode ? "test" : "live"}`;

export async function knownActive(ctx: TenantCtx, ask: (ctx: TenantCtx) => Promise<boolean>): Promise<boolean> {
  const key = keyOf(ctx);
  return (await known.get(key, async () => ({ key, active: await ask(ctx) }))).active;
}

/** After activating a sequence here, this isolate asks again. */
export function sequenceActivated(ctx: TenantCtx): void {
  const key = keyOf(ctx);
  known.forget((kept) => kept.key === key);
}

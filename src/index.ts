import { buildApp } from "./app";
import { purgeExpiredIdempotencyKeys } from "./jobs/purge-idempotency-keys";

export { FlowGate } from "./objects/flow-gate";
export { TenantRateLimiter } from "./objects/tenant-rate-limiter";

const app = buildApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env) {
    await purgeExpiredIdempotencyKeys(env, new Date());
  },
} satisfies ExportedHandler<Env>;

import { buildApp } from "./app";
import { dispatchOutbox } from "./domain/webhooks/dispatch";
import { consumeJobs } from "./jobs/consumer";
import { purgeExpiredIdempotencyKeys } from "./jobs/purge-idempotency-keys";
import { requeueStalledJobs } from "./jobs/requeue-stalled";
import type { JobMessage } from "./platform/job-messages";

export { BatchCoordinator } from "./objects/batch-coordinator";
export { FlowGate } from "./objects/flow-gate";
export { TenantRateLimiter } from "./objects/tenant-rate-limiter";
export { LeadDeliveryWorkflow } from "./workflows/lead-delivery";
export { LeadGenerationWorkflow } from "./workflows/lead-generation";
export { ModelTrainingWorkflow } from "./workflows/model-training";
export { WebhookDeliveryWorkflow } from "./workflows/webhook-delivery";

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: consumeJobs,
  async scheduled(controller, env) {
    const now = new Date(controller.scheduledTime);
    if (controller.cron === "17 * * * *") await purgeExpiredIdempotencyKeys(env, now);
    else await Promise.all([dispatchOutbox(env), requeueStalledJobs(env, now)]);
  },
} satisfies ExportedHandler<Env, JobMessage>;

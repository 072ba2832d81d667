import { buildApp } from "./app";
import { backgroundCtx } from "./domain/context";
import { receiveEmail } from "./domain/email/inbound";
import { dispatchEmailOutbox } from "./domain/email/outbox";
import { sendDigests } from "./domain/flows/notification-emails";
import { dispatchEnrollments } from "./domain/sequences/enrollments";
import { dispatchOutbox } from "./domain/webhooks/dispatch";
import { consumeJobs } from "./jobs/consumer";
import { dispatchLeadDeliveries } from "./jobs/dispatch-lead-deliveries";
import { purgeExpiredIdempotencyKeys } from "./jobs/purge-idempotency-keys";
import { requeueStalledJobs } from "./jobs/requeue-stalled";
import { configOf } from "./platform/config";
import type { JobMessage } from "./platform/job-messages";
import { errorFields, log } from "./platform/log";

export { BatchCoordinator } from "./objects/batch-coordinator";
export { FlowGate } from "./objects/flow-gate";
export { SenderQuota } from "./objects/sender-quota";
export { TenantRateLimiter } from "./objects/tenant-rate-limiter";
export { EmailSendWorkflow } from "./workflows/email-send";
export { LeadDeliveryWorkflow } from "./workflows/lead-delivery";
export { LeadGenerationWorkflow } from "./workflows/lead-generation";
export { ModelTrainingWorkflow } from "./workflows/model-training";
export { SequenceRunWorkflow } from "./workflows/sequence-run";
export { WebhookDeliveryWorkflow } from "./workflows/webhook-delivery";

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: consumeJobs,
  async scheduled(controller, env) {
    const now = new Date(controller.scheduledTime);
    // Hourly: old idempotency answers go, and flows' notification digests of the hour (or day) just ended are written.
    if (controller.cron === "17 * * * *") await Promise.all([purgeExpiredIdempotencyKeys(env, now), sendDigests(env, now)]);
    else
      await Promise.all([
        dispatchOutbox(env),
        dispatchEmailOutbox(env),
        dispatchEnrollments(env),
        requeueStalledJobs(env, now),
        dispatchLeadDeliveries(env, now),
      ]);
  },
  // Replies, bounces and complaints that Email Routing hands over. Mail that matches no message is
  // forwarded or rejected, never dropped. An internal error (D1 unavailable, say) is thrown, so
  // the sending server keeps the mail and tries again later.
  async email(message, env, ctx) {
    try {
      const result = await receiveEmail(
        backgroundCtx(env, (task) => ctx.waitUntil(task)),
        message,
      );
      if (result.outcome !== "unmatched") return;
      const forwardTo = configOf(env).email.unmatchedForward;
      log("warn", "email matches no message", { job: "email", outcome: "unmatched", reason: result.reason, forwarded: forwardTo !== null });
      if (forwardTo) await message.forward(forwardTo);
      else message.setReject(`No Leadedge message matches this mail: ${result.reason}`);
    } catch (error) {
      log("error", "email handler failed", { job: "email", ...errorFields(error) });
      throw error;
    }
  },
} satisfies ExportedHandler<Env, JobMessage>;

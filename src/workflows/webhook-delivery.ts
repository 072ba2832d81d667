import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { backgroundCtx } from "../domain/context";
import { attemptDelivery, type DeliveryTarget, MAX_ATTEMPTS, retryDelayMs } from "../domain/webhooks/deliver";

// An attempt's own failures (a receiver down) are handled by the loop below; the step retries only
// cover our side failing (D1 unavailable), and may resend: webhooks are at-least-once, same id.
const ATTEMPT_STEP = { retries: { limit: 2, delay: "10 seconds", backoff: "exponential" }, timeout: "1 minute" } as const;

/**
 * Delivers one event to one endpoint: an attempt now, then up to 5 retries on Standard Webhooks'
 * schedule with jitter. The event id (webhook-id) is the same on every attempt. Ends at the first
 * 2xx, at 410, or when the endpoint is disabled or deleted.
 */
export class WebhookDeliveryWorkflow extends WorkflowEntrypoint<Env, DeliveryTarget> {
  override async run(event: Readonly<WorkflowEvent<DeliveryTarget>>, step: WorkflowStep) {
    const target = event.payload;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await step.do(`deliver attempt ${attempt}`, ATTEMPT_STEP, () =>
        attemptDelivery(
          backgroundCtx(this.env, (task) => this.ctx.waitUntil(task)),
          target,
          attempt,
        ),
      );
      if (result.outcome !== "failed") return { ...result, attempts: attempt };
      if (attempt < MAX_ATTEMPTS) await step.sleep(`wait before attempt ${attempt + 1}`, retryDelayMs(target.eventId, attempt));
    }
    return { outcome: "failed" as const, attempts: MAX_ATTEMPTS };
  }
}

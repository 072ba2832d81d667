import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { Ctx } from "../domain/context";
import { backgroundCtx } from "../domain/context";
import { DELIVERY_ATTEMPTS, deliverToRecipient, type LeadDeliveryTarget } from "../domain/delivery/deliver-lead";

// Our own side failing (D1) is retried by the step; a recipient's errors by the loop below.
const ATTEMPT_STEP = { retries: { limit: 2, delay: "5 seconds", backoff: "exponential" }, timeout: "1 minute" } as const;
/** Waits before retrying a recipient that answered with an error: 10 s, 1 min, 5 min. */
export const RECIPIENT_RETRY_SECONDS = [10, 60, 300] as const;

/** Hands one accepted lead to each of its flow's recipient steps, in position order. */
export class LeadDeliveryWorkflow extends WorkflowEntrypoint<Env, LeadDeliveryTarget & { stepIds: string[] }> {
  override async run(event: Readonly<WorkflowEvent<LeadDeliveryTarget & { stepIds: string[] }>>, step: WorkflowStep) {
    const { stepIds, ...target } = event.payload;
    const ctx = (): Ctx => backgroundCtx(this.env, (task) => this.ctx.waitUntil(task));
    const outcomes: Record<string, string> = {};
    for (const stepId of stepIds) {
      for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
        const result = await step.do(`deliver to ${stepId} attempt ${attempt}`, ATTEMPT_STEP, () =>
          deliverToRecipient(ctx(), target, stepId, attempt),
        );
        outcomes[stepId] = result.outcome;
        if (result.outcome !== "error" || result.reason?.startsWith("recipient paused")) break;
        if (attempt < DELIVERY_ATTEMPTS)
          await step.sleep(`wait before ${stepId} attempt ${attempt + 1}`, RECIPIENT_RETRY_SECONDS[attempt - 1]! * 1000);
      }
    }
    return outcomes;
  }
}

import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { backgroundCtx } from "../domain/context";
import { deliver, giveUp, planDelivery } from "../domain/email/delivery";
import type { EmailTarget } from "../domain/email/outbox";
import { actingFor } from "../domain/tenancy/tenants";

// A transport's transient failures (a server down, a 4xx reply) are retried by the step with
// backoff: 10 s, 20 s, 40 s, 80 s, 160 s. After the last, the message is failed.
const SEND_STEP = { retries: { limit: 5, delay: "10 seconds", backoff: "exponential" }, timeout: "2 minutes" } as const;
const PLAN_STEP = { retries: { limit: 3, delay: "5 seconds", backoff: "exponential" }, timeout: "1 minute" } as const;
/**
 * How long a message may wait for its window and a place under the daily limit: a 10,000-lead
 * step at a daily limit of 200 takes 50 working days. Past it, the message is failed, not kept.
 */
const MAX_WAIT_MS = 90 * 86_400_000;

/** Sends one message: waits for its sender's window and a place under the daily limit, then sends it once. */
export class EmailSendWorkflow extends WorkflowEntrypoint<Env, EmailTarget> {
  override async run(event: Readonly<WorkflowEvent<EmailTarget>>, step: WorkflowStep) {
    const target = event.payload;
    const ctx = () =>
      actingFor(
        backgroundCtx(this.env, (task) => this.ctx.waitUntil(task)),
        target,
      );
    // From the event, not the clock: a replayed run decides the same.
    const waitsUntil = event.timestamp.getTime() + MAX_WAIT_MS;
    for (let round = 0; ; round++) {
      const plan = await step.do(`plan ${round}`, PLAN_STEP, async () => planDelivery(await ctx(), target.messageId));
      if (plan.kind === "done") return { status: plan.status };
      if (plan.kind === "wait") {
        if (Date.parse(plan.until) > waitsUntil) {
          await step.do("give up waiting", PLAN_STEP, async () =>
            giveUp(await ctx(), target.messageId, `not sent within ${MAX_WAIT_MS / 86_400_000} days of being queued (${plan.reason})`),
          );
          return { status: "failed" as const };
        }
        if (plan.reason === "paused")
          // Resuming the enrollment sends its queued emails `resume`; a day on (the plan's `until`) this
          // looks again all the same. A fixed span, not one read off the clock, as everywhere here.
          await step.waitForEvent(`wait for resume ${round}`, { type: "resume", timeout: "1 day" }).catch(() => undefined);
        else await step.sleepUntil(`wait for ${plan.reason} ${round}`, new Date(plan.until));
        continue;
      }
      try {
        return await step.do("send", SEND_STEP, async () => deliver(await ctx(), target.messageId));
      } catch (error) {
        await step.do("give up", PLAN_STEP, async () => giveUp(await ctx(), target.messageId, `gave up after retries: ${String(error)}`));
        return { status: "failed" as const };
      }
    }
  }
}

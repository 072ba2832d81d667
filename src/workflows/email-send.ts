import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { backgroundCtx } from "../domain/context";
import { deliver, giveUp, planDelivery } from "../domain/email/delivery";
import type { EmailTarget } from "../domain/email/outbox";
import { actingFor } from "../domain/tenancy/tenants";

// A transport's transient failures (a server down, a 4xx reply) are retried by the step with
// backoff: 10 s, 20 s, 40 s, 80 s, 160 s. After the last, the message is failed.
const SEND_STEP = { retries: { limit: 5, delay: "10 seconds", backoff: "exponential" }, timeout: "2 minutes" } as const;
const PLAN_STEP = { retries: { limit: 3, delay: "5 seconds", backoff: "exponential" }, timeout: "1 minute" } as const;
/** A message waits at most this many times (windows, full days) before it is sent: two weeks of working days. */
const MAX_WAITS = 14;

/** Sends one message: waits for its sender's window and a place under the daily limit, then sends it once. */
export class EmailSendWorkflow extends WorkflowEntrypoint<Env, EmailTarget> {
  override async run(event: Readonly<WorkflowEvent<EmailTarget>>, step: WorkflowStep) {
    const target = event.payload;
    const ctx = () =>
      actingFor(
        backgroundCtx(this.env, (task) => this.ctx.waitUntil(task)),
        target,
      );
    for (let round = 0; round <= MAX_WAITS; round++) {
      const plan = await step.do(`plan ${round}`, PLAN_STEP, async () => planDelivery(await ctx(), target.messageId));
      if (plan.kind === "done") return { status: plan.status };
      if (plan.kind === "wait") {
        await step.sleepUntil(`wait for ${plan.reason} ${round}`, new Date(plan.until));
        continue;
      }
      try {
        return await step.do("send", SEND_STEP, async () => deliver(await ctx(), target.messageId));
      } catch (error) {
        await step.do("give up", PLAN_STEP, async () => giveUp(await ctx(), target.messageId, `gave up after retries: ${String(error)}`));
        return { status: "failed" as const };
      }
    }
    await step.do("give up waiting", PLAN_STEP, async () =>
      giveUp(await ctx(), target.messageId, `still waiting after ${MAX_WAITS} windows`),
    );
    return { status: "failed" as const };
  }
}

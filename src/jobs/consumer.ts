import { consumeDraft, failDraft } from "../domain/campaigns/playground-drafts";
import type { Ctx } from "../domain/context";
import { backgroundCtx } from "../domain/context";
import { recordOpen } from "../domain/email/tracking";
import { failChunk, scoreChunk } from "../domain/scoring/batch-chunks";
import { actingFor } from "../domain/tenancy/tenants";
import type { JobMessage } from "../platform/job-messages";

/** The dead-letter queue's name: its messages ran out of retries on the job queue. */
export const DEAD_LETTER_QUEUE = "leadedge-jobs-dlq";

/**
 * The job queue's consumer: each message is handed to its domain verb and acknowledged on its own,
 * so one failing message is retried (then dead-lettered) without holding back the others.
 */
export async function consumeJobs(batch: MessageBatch<JobMessage>, env: Env, execution: ExecutionContext): Promise<void> {
  const ctx = backgroundCtx(env, (task) => execution.waitUntil(task));
  const deadLetters = batch.queue === DEAD_LETTER_QUEUE;
  for (const message of batch.messages) {
    try {
      await handle(ctx, message.body, deadLetters);
      message.ack();
    } catch (error) {
      console.error(
        JSON.stringify({ level: "error", job: message.body.type, queue: batch.queue, attempts: message.attempts, error: String(error) }),
      );
      message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  }
}

async function handle(ctx: Ctx, job: JobMessage, deadLetter: boolean): Promise<void> {
  // An open names only its message (the pixel's token carries no tenant); its domain verb finds the rest.
  if (job.type === "email.opened") {
    if (!deadLetter) await recordOpen(ctx, job);
    return;
  }
  const tenantCtx = await actingFor(ctx, job);
  switch (job.type) {
    case "scoring.batch_chunk":
      await (deadLetter ? failChunk(tenantCtx, job, "scoring failed after every retry") : scoreChunk(tenantCtx, job));
      return;
    case "playground.draft":
      await (deadLetter ? failDraft(tenantCtx, job, "drafting failed after every retry") : consumeDraft(tenantCtx, job));
      return;
  }
}

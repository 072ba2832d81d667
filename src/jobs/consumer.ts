import { consumeDraft, failDraft } from "../domain/campaigns/playground-drafts";
import type { Ctx } from "../domain/context";
import { backgroundCtx } from "../domain/context";
import { recordOpens } from "../domain/email/tracking";
import { failChunk, scoreChunk } from "../domain/scoring/batch-chunks";
import { startEnrollments } from "../domain/sequences/enrollments";
import { actingFor } from "../domain/tenancy/tenants";
import type { EmailOpenedMessage, JobMessage } from "../platform/job-messages";
import { errorFields, log } from "../platform/log";

/** The dead-letter queue's name: its messages ran out of retries on the job queue. */
export const DEAD_LETTER_QUEUE = "leadedge-jobs-dlq";

/**
 * The job queue's consumer: each message is handed to its domain verb and acknowledged on its own,
 * so one failing message is retried (then dead-lettered) without holding back the others.
 */
export async function consumeJobs(batch: MessageBatch<JobMessage>, env: Env, execution: ExecutionContext): Promise<void> {
  const ctx = backgroundCtx(env, (task) => execution.waitUntil(task));
  const deadLetters = batch.queue === DEAD_LETTER_QUEUE;
  // Opens arrive in bursts, often many of one message: they are recorded together.
  const opens = batch.messages.filter((m): m is Message<EmailOpenedMessage> => m.body.type === "email.opened");
  if (opens.length > 0)
    await settle(opens, batch.queue, () =>
      deadLetters
        ? Promise.resolve()
        : recordOpens(
            ctx,
            opens.map((m) => m.body),
          ),
    );
  for (const message of batch.messages) {
    const job = message.body;
    if (job.type !== "email.opened") await settle([message], batch.queue, () => handle(ctx, job, deadLetters));
  }
}

/** Acknowledges the messages when `work` succeeds, else retries them all with backoff. */
async function settle(batch: Message<JobMessage>[], queue: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    for (const message of batch) message.ack();
  } catch (error) {
    const attempts = Math.max(...batch.map((m) => m.attempts));
    const tenantId = batch[0] && "tenantId" in batch[0].body ? String(batch[0].body.tenantId) : undefined;
    log("error", "job failed, retrying", {
      job: batch[0]?.body.type,
      tenant_id: tenantId,
      queue,
      messages: batch.length,
      attempts,
      ...errorFields(error),
    });
    for (const message of batch) message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
  }
}

async function handle(ctx: Ctx, job: Exclude<JobMessage, EmailOpenedMessage>, deadLetter: boolean): Promise<void> {
  const tenantCtx = await actingFor(ctx, job);
  switch (job.type) {
    case "scoring.batch_chunk":
      await (deadLetter ? failChunk(tenantCtx, job, "scoring failed after every retry") : scoreChunk(tenantCtx, job));
      return;
    case "playground.draft":
      await (deadLetter ? failDraft(tenantCtx, job, "drafting failed after every retry") : consumeDraft(tenantCtx, job));
      return;
    case "sequence.dispatch":
      // Out of retries: the minute cron starts what is left.
      if (!deadLetter) await startEnrollments(tenantCtx.env, job.tenantId);
      return;
  }
}

import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { openDatabase } from "../../db/database";
import { emailOutbox } from "../../db/schema";
import { D1_MAX_BOUND_PARAMETERS, slices, WORKFLOW_CREATE_BATCH_MAX } from "../../platform/limits";
import { startInstances } from "../../platform/workflow-instances";
import type { Ctx } from "../context";
import { dispatchAfterAnswer } from "../dispatch-after-answer";

/** What an email's sending Workflow is given: the message, and whose it is. */
export interface EmailTarget {
  tenantId: string;
  testMode: boolean;
  messageId: string;
}

/**
 * Hands queued messages to their sending Workflows, then marks them dispatched. The instance id
 * is the message id, so a second dispatch of the same message (a cron run racing a request's own
 * dispatch) starts nothing: one Workflow per message, whatever happens.
 */
export async function dispatchEmailOutbox(
  env: Env,
  /** `messageId`: that message only (a sequence's email step hands over its own message, not the tenant's queue). */
  options: { tenantId?: string; messageId?: string; limit?: number } = {},
): Promise<number> {
  const db = openDatabase(env.DB);
  const pending = await db
    .select()
    .from(emailOutbox)
    .where(
      and(
        isNull(emailOutbox.dispatchedAt),
        options.tenantId ? eq(emailOutbox.tenantId, options.tenantId) : undefined,
        options.messageId ? eq(emailOutbox.messageId, options.messageId) : undefined,
      ),
    )
    .orderBy(asc(emailOutbox.createdAt))
    .limit(options.limit ?? 500);
  // Parts small enough for one createBatch and for marking them in one statement (the time is a
  // bound parameter too).
  for (const part of slices(pending, Math.min(WORKFLOW_CREATE_BATCH_MAX, D1_MAX_BOUND_PARAMETERS - 10))) {
    const instances = part.map((row) => ({
      id: row.messageId,
      params: { tenantId: row.tenantId, testMode: row.testMode, messageId: row.messageId },
    }));
    await startInstances(env.EMAIL_SEND, instances, "email sends");
    await db
      .update(emailOutbox)
      .set({ dispatchedAt: new Date().toISOString() })
      .where(
        inArray(
          emailOutbox.messageId,
          instances.map((i) => i.id),
        ),
      );
  }
  return pending.length;
}

/** After a write that queued messages: dispatch them once the answer is on its way. */
export function dispatchEmailSoon(ctx: Ctx & { tenant: { id: string } }): void {
  const limit = 500;
  dispatchAfterAnswer(ctx, "dispatchEmailOutbox", async () => {
    while ((await dispatchEmailOutbox(ctx.env, { tenantId: ctx.tenant.id, limit })) === limit);
  });
}

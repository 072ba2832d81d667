import { and, eq, exists, sql } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import { type Message, messageEvents, messages, outboxEvents, type Sender, senders, sequenceEnrollments } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { messageSequenceEvent } from "../sequences/events";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { emailWebhookPayload } from "./engagement";
import { outgoingEmail } from "./outgoing";
import { finishSendBatchIfDone } from "./send-batches";
import { localTime, nextDayOpening, nextSendTime } from "./send-window";
import { transportOf, undeclaredDomain } from "./senders";
import { isSuppressed } from "./suppressions";
import { SendError } from "./transports/transport";

// The two steps of sending one message, run by its Workflow: `planDelivery` decides when (the
// sender's window, its daily limit) and `deliver` hands it to the transport exactly once.

export type DeliveryPlan =
  | { kind: "send" }
  | { kind: "wait"; until: string; reason: "send_window" | "daily_limit" | "paused" }
  | { kind: "done"; status: Message["status"] };

const scopedMessage = (ctx: TenantCtx, id: string) => and(ownedBy(messages, ctx), eq(messages.id, id));

async function senderOf(ctx: TenantCtx, message: Message): Promise<Sender | null> {
  const [sender] = await ctx.db
    .select()
    .from(senders)
    .where(and(ownedBy(senders, ctx), eq(senders.id, message.senderId)))
    .limit(1);
  return sender ?? null;
}

async function load(ctx: TenantCtx, messageId: string): Promise<{ message: Message; sender: Sender | null } | null> {
  const [message] = await ctx.db.select().from(messages).where(scopedMessage(ctx, messageId)).limit(1);
  return message ? { message, sender: await senderOf(ctx, message) } : null;
}

const quotaOf = (ctx: TenantCtx, senderId: string) => ctx.env.SENDER_QUOTA.get(ctx.env.SENDER_QUOTA.idFromName(senderId));

/**
 * Ends a message that will not be sent, with its event, and gives back its place in the day's
 * limit unless it may have gone out (`keepPlace`: an attempt whose outcome is unknown).
 */
async function finish(
  ctx: TenantCtx,
  message: Message,
  status: "failed" | "suppressed",
  error: string,
  { keepPlace = false } = {},
): Promise<DeliveryPlan> {
  const at = ctx.now.toISOString();
  await runBatch(ctx.db, [
    asStatement(ctx.db, ctx.db.update(messages).set({ status, error, updatedAt: at }).where(scopedMessage(ctx, message.id))),
    asStatement(
      ctx.db,
      ctx.db.insert(messageEvents).values({
        id: newId("evt", ctx.now.getTime()),
        tenantId: ctx.tenant.id,
        testMode: ctx.testMode,
        messageId: message.id,
        type: status,
        data: { reason: error },
        createdAt: at,
      }),
    ),
  ]);
  if (!keepPlace) await quotaOf(ctx, message.senderId).release(message.id);
  if (message.sendBatchId) await finishSendBatchIfDone(ctx, message.sendBatchId);
  return { kind: "done", status };
}

const notSent = (enrollment: { status: string; exitReason: string | null } | undefined) =>
  `not sent: the enrollment ${!enrollment ? "is gone" : enrollment.status === "cancelled" ? "was cancelled" : `exited (${enrollment.exitReason})`}`;

/**
 * The statements, for the batch that ends an enrollment as cancelled or exited, that end its
 * queued emails as failed, saying why, so none goes; each one's Workflow then finds it done. No
 * place under the daily limit is given back: a queued email holds one only while a send is retried.
 */
export function withdrawQueued(
  ctx: TenantCtx,
  enrollment: { id: string; status: "exited" | "cancelled"; exitReason: string },
): D1PreparedStatement[] {
  const at = ctx.now.toISOString();
  // Only if this batch did end the enrollment: one that completed meanwhile keeps its last email.
  const endedNow = exists(
    ctx.db
      .select({ id: sequenceEnrollments.id })
      .from(sequenceEnrollments)
      .where(
        and(
          eq(sequenceEnrollments.id, enrollment.id),
          eq(sequenceEnrollments.status, enrollment.status),
          eq(sequenceEnrollments.endedAt, at),
        ),
      ),
  );
  const queued = and(ownedBy(messages, ctx), eq(messages.enrollmentId, enrollment.id), eq(messages.status, "queued"), endedNow);
  const error = notSent(enrollment);
  const event = {
    id: sql<string>`'evt_' || ${messages.id} || '_withdrawn'`.as("id"),
    tenantId: messages.tenantId,
    testMode: messages.testMode,
    messageId: messages.id,
    type: sql<"failed">`'failed'`.as("type"),
    data: sql`json_object('reason', ${error})`.as("data"),
    createdAt: sql<string>`${at}`.as("created_at"),
  };
  return [
    asStatement(ctx.db, ctx.db.insert(messageEvents).select(ctx.db.select(event).from(messages).where(queued))),
    asStatement(ctx.db, ctx.db.update(messages).set({ status: "failed", error, updatedAt: at }).where(queued)),
  ];
}

/**
 * Whether the message may go now, must wait (for its window, the next day under the daily limit,
 * or its paused enrollment's resume), or is done. A sequence email goes only while its enrollment
 * is active, or once it completed (the graph ran out after it); any email only while its sender's
 * domain is still one the account declares.
 */
export async function planDelivery(ctx: TenantCtx, messageId: string): Promise<DeliveryPlan> {
  const loaded = await load(ctx, messageId);
  if (!loaded) return { kind: "done", status: "failed" };
  const { message, sender } = loaded;
  if (message.status !== "queued") return { kind: "done", status: message.status };
  if (message.enrollmentId) {
    const [enrollment] = await ctx.db
      .select({ status: sequenceEnrollments.status, exitReason: sequenceEnrollments.exitReason })
      .from(sequenceEnrollments)
      .where(and(ownedBy(sequenceEnrollments, ctx), eq(sequenceEnrollments.id, message.enrollmentId)))
      .limit(1);
    if (enrollment?.status === "paused")
      return { kind: "wait", until: new Date(ctx.now.getTime() + 86_400_000).toISOString(), reason: "paused" };
    if (enrollment?.status !== "active" && enrollment?.status !== "completed") return finish(ctx, message, "failed", notSent(enrollment));
  }
  if (!sender) return finish(ctx, message, "failed", "the sender was deleted before the message went");
  const undeclared = undeclaredDomain(ctx.tenant, sender.fromEmail);
  if (undeclared)
    return finish(
      ctx,
      message,
      "failed",
      `not sent: ${undeclared}, the sender's from_email domain, is no longer one of the account's sending domains`,
    );
  if (await isSuppressed(ctx, message.toEmail)) return finish(ctx, message, "suppressed", `${message.toEmail} is on the suppression list`);
  // The window is read in the recipient's zone when the message names one (a sequence email),
  // else in the sender's; the daily limit always counts the sender's own day.
  const zone = message.timeZone ?? sender.timeZone;
  const opens = nextSendTime(ctx.now, sender.sendWindow, zone);
  if (opens.getTime() > ctx.now.getTime()) return { kind: "wait", until: opens.toISOString(), reason: "send_window" };
  const day = localTime(ctx.now, sender.timeZone).date;
  const { reserved } = await quotaOf(ctx, sender.id).reserve(day, message.id, sender.dailyLimit);
  if (!reserved) return { kind: "wait", until: nextDayOpening(ctx.now, sender.sendWindow, zone).toISOString(), reason: "daily_limit" };
  return { kind: "send" };
}

/**
 * How a failed message's error begins when the email may have arrived. Tracking counts such a
 * message's opens, and the campaign step index (holdsCampaignStep, db/schema/email.ts) matches the
 * same words, so they must not change.
 */
export const OUTCOME_UNKNOWN = "outcome unknown";

/**
 * Sends a planned message once. The row is claimed (`queued` -> `sending`) before the transport is
 * called and recorded (`sent`) after; a retry that finds it still `sending` cannot know whether
 * the transport took it, so it marks it failed with that reason instead of sending it again:
 * at most once, never twice. A transport's transient failure puts the row back to `queued` and
 * throws, so the Workflow step retries with backoff; a permanent one fails the message, and so
 * does one whose outcome the transport cannot know (an SMTP connection lost once the message went).
 */
export async function deliver(ctx: TenantCtx, messageId: string): Promise<{ status: Message["status"] }> {
  const at = ctx.now.toISOString();
  const [claimed] = await ctx.db
    .update(messages)
    .set({ status: "sending", updatedAt: at })
    .where(and(scopedMessage(ctx, messageId), eq(messages.status, "queued")))
    .returning();
  if (!claimed) {
    const loaded = await load(ctx, messageId);
    if (loaded?.message.status !== "sending") return { status: loaded?.message.status ?? "failed" };
    await finish(
      ctx,
      loaded.message,
      "failed",
      `${OUTCOME_UNKNOWN}: an earlier attempt stopped after handing the email to the transport; not sent again, so it cannot arrive twice`,
      { keepPlace: true },
    );
    return { status: "failed" };
  }
  const sender = await senderOf(ctx, claimed);
  if (!sender) {
    await finish(ctx, claimed, "failed", "the sender was deleted before the message went");
    return { status: "failed" };
  }
  const email = configOf(ctx.env).email;
  let providerMessageId: string;
  try {
    ({ providerMessageId } = await (await transportOf(ctx, sender, claimed.id)).send(
      await outgoingEmail(claimed, sender, { secret: email.secret!, inboundDomain: email.inboundDomain }),
    ));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SendError && error.failure === "permanent") {
      await finish(ctx, claimed, "failed", message);
      return { status: "failed" };
    }
    if (error instanceof SendError && error.failure === "unknown") {
      await finish(ctx, claimed, "failed", `${OUTCOME_UNKNOWN}: ${message}; not sent again, so it cannot arrive twice`, {
        keepPlace: true,
      });
      return { status: "failed" };
    }
    await ctx.db
      .update(messages)
      .set({ status: "queued", attempts: claimed.attempts + 1, error: message, updatedAt: at })
      .where(scopedMessage(ctx, messageId));
    throw error;
  }
  const sent: Message = { ...claimed, status: "sent", providerMessageId, sentAt: at, attempts: claimed.attempts + 1, error: null };
  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db
        .update(messages)
        .set({ status: "sent", providerMessageId, sentAt: at, attempts: sent.attempts, error: null, updatedAt: at })
        // Only over this attempt's own claim: an attempt that outlived its step's timeout may
        // finish after a retry has already given the message up.
        .where(and(scopedMessage(ctx, messageId), eq(messages.status, "sending"))),
    ),
    asStatement(
      ctx.db,
      ctx.db.insert(messageEvents).values({
        id: `evt_${messageId}_sent`,
        tenantId: ctx.tenant.id,
        testMode: ctx.testMode,
        messageId,
        type: "sent",
        data: { provider_message_id: providerMessageId },
        createdAt: at,
      }),
    ),
    asStatement(
      ctx.db,
      ctx.db.insert(outboxEvents).values(outboxEvent(sent, "email.sent", emailWebhookPayload("email.sent", sent, ctx.now), ctx.now)),
    ),
    ...messageSequenceEvent(ctx.db, sent, "email_sent", ctx.now),
  ]);
  dispatchSoon(ctx);
  if (claimed.sendBatchId) await finishSendBatchIfDone(ctx, claimed.sendBatchId);
  return { status: "sent" };
}

/**
 * A message its Workflow gave up on after every retry of a transient failure. One still `sending`
 * was claimed by an attempt that stopped once the transport may have had it, so it fails as
 * outcome unknown and keeps its place, as `deliver` does when it finds such a row.
 */
export async function giveUp(ctx: TenantCtx, messageId: string, error: string): Promise<void> {
  const loaded = await load(ctx, messageId);
  if (loaded?.message.status === "queued") await finish(ctx, loaded.message, "failed", error);
  if (loaded?.message.status === "sending")
    await finish(ctx, loaded.message, "failed", `${OUTCOME_UNKNOWN}: ${error}; not sent again, so it cannot arrive twice`, {
      keepPlace: true,
    });
}

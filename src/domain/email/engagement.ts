import { and, eq, notExists, type SQL, sql } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import type { MessageEventData } from "../../db/json/email";
import { leadEvents, leads, type Message, type MessageEvent, messageEvents, messages, outboxEvents } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { sha256Hex } from "../../platform/crypto";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { messageSequenceEvent } from "../sequences/events";
import { signalEngagement } from "../sequences/signals";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { suppressionInsert } from "./suppressions";

// What a recipient did with a message, recorded once as an event, told to webhooks, and fed to the
// lead's engagement (which scoring reads): opens, clicks and replies raise it; an unsubscribe,
// a bounce or a complaint lowers it and puts the address on the suppression list.

export type Engagement = "opened" | "clicked" | "replied" | "bounced" | "complained" | "unsubscribed";

const ENGAGEMENT_POINTS: Record<Engagement, number> = {
  opened: 5,
  clicked: 10,
  replied: 25,
  unsubscribed: -30,
  bounced: -20,
  complained: -50,
};
const WEBHOOK_EVENT: Record<Engagement, string> = {
  opened: "email.opened",
  clicked: "email.clicked",
  replied: "email.replied",
  bounced: "email.bounced",
  complained: "email.complained",
  unsubscribed: "lead.unsubscribed",
};
const SUPPRESSION_REASON = { unsubscribed: "unsubscribed", bounced: "bounced", complained: "complained" } as const;

export function emailWebhookPayload(eventType: string, message: Message, at: Date, extra: MessageEventData = {}) {
  return {
    event: eventType,
    timestamp: at.toISOString(),
    data: {
      message_id: message.id,
      lead_id: message.leadId,
      sender_id: message.senderId,
      campaign_id: message.campaignId,
      step_index: message.stepIndex,
      to: message.toEmail,
      subject: message.subject,
      ...extra,
    },
  };
}

/**
 * The event's id, derived from what happened, so that recording the same thing twice (two mail
 * clients fetching the pixel at once, a retried delivery of the same reply) records it once: the
 * first open, the first click on each link, an unsubscribe and a complaint are once per message;
 * a reply or a bounce report is once per incoming mail (its Message-ID).
 */
async function eventId(message: Message, kind: Engagement, data: MessageEventData, occurrence: string | undefined): Promise<string> {
  if (kind === "opened" || kind === "unsubscribed" || kind === "complained") return `evt_${message.id}_${kind}`;
  if (kind === "clicked") return `evt_${message.id}_clicked_${data.link ?? 0}`;
  if (!occurrence) return newId("evt");
  return `evt_${message.id}_${kind}_${(await sha256Hex(occurrence)).slice(0, 16)}`;
}

/**
 * Only the message event, nothing more: a delivery report with a 4.x.x status (a delay the sending
 * server still retries, not a bounce) and an auto-reply (an out-of-office is not engagement).
 */
const isEventOnly = (kind: Engagement, data: MessageEventData) =>
  (kind === "bounced" && data.status_code?.startsWith("4") === true) || (kind === "replied" && data.auto_reply === true);

function messageChange(message: Message, kind: Engagement, at: string): Partial<Message> {
  switch (kind) {
    case "opened":
      return { firstOpenedAt: message.firstOpenedAt ?? at };
    case "clicked":
      // A click is an open too: the image may have been blocked.
      return { firstClickedAt: message.firstClickedAt ?? at, firstOpenedAt: message.firstOpenedAt ?? at };
    case "replied":
      return { repliedAt: message.repliedAt ?? at };
    case "bounced":
    case "complained":
      return { status: kind };
    case "unsubscribed":
      return {};
  }
}

/**
 * The lead's engagement moved by the event's points (kept within 0-100, computed in SQL so that
 * two events at once both count) and the timeline event that tells it, both only for a new event.
 */
function engagementStatements(ctx: TenantCtx, message: Message, kind: Engagement, eventId: string, isNew: SQL): D1PreparedStatement[] {
  const points = ENGAGEMENT_POINTS[kind];
  const positive = points > 0;
  const at = ctx.now.toISOString();
  const lead = and(ownedBy(leads, ctx), eq(leads.id, message.leadId));
  const next = sql`MIN(100, MAX(0, COALESCE(${leads.engagementScore}, 0) + ${points}))`;
  const timelineEvent = ctx.db
    .select({
      id: sql`${`${eventId}_lead`}`.as("id"),
      tenantId: leads.tenantId,
      testMode: leads.testMode,
      leadId: leads.id,
      flowId: sql`NULL`.as("flow_id"),
      type: sql`${positive ? "engagement_increased" : "engagement_decreased"}`.as("type"),
      outcome: sql`'success'`.as("outcome"),
      reason: sql`${`email.${kind}`}`.as("reason"),
      data: sql`json_object(
        'score', ${leads.score},
        'engagement_score', ${next},
        'previous_engagement_score', COALESCE(${leads.engagementScore}, 0),
        'message_id', ${message.id}
      )`.as("data"),
      createdAt: sql`${at}`.as("created_at"),
    })
    .from(leads)
    .where(and(lead, isNew));
  return [
    // The timeline first: it reads the engagement before the update below changes it.
    asStatement(ctx.db, ctx.db.insert(leadEvents).select(timelineEvent).onConflictDoNothing()),
    asStatement(
      ctx.db,
      ctx.db
        .update(leads)
        .set({ engagementScore: next, ...(positive ? { lastInteractionAt: at } : {}), updatedAt: at })
        .where(and(lead, isNew)),
    ),
  ];
}

/**
 * Records what the recipient of `message` did, in one D1 batch (one transaction). Every open and
 * click is counted; the rest happens only for an event not recorded before: the statements that
 * change the message, the lead and the suppression list are conditional on the event row not
 * existing yet, and the event row is written last. Of two racing recordings one does it all, the
 * other only counts, and nothing is ever half done.
 */
export async function recordEngagement(
  ctx: TenantCtx,
  message: Message,
  kind: Engagement,
  data: MessageEventData = {},
  /** `occurrence`: what makes a reply or report this one (its Message-ID); `times`: opens or clicks counted at once. */
  { occurrence, times = 1 }: { occurrence?: string; times?: number } = {},
): Promise<MessageEvent> {
  const at = ctx.now.toISOString();
  const event: MessageEvent = {
    id: await eventId(message, kind, data, occurrence),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    messageId: message.id,
    type: kind,
    data,
    createdAt: at,
  };
  const isNew = notExists(ctx.db.select({ id: messageEvents.id }).from(messageEvents).where(eq(messageEvents.id, event.id)));
  const scoped = and(ownedBy(messages, ctx), eq(messages.id, message.id));
  const counter =
    kind === "opened"
      ? { openCount: sql`${messages.openCount} + ${times}` }
      : kind === "clicked"
        ? { clickCount: sql`${messages.clickCount} + ${times}` }
        : null;
  const statements: D1PreparedStatement[] = [];
  if (counter)
    statements.push(
      asStatement(
        ctx.db,
        ctx.db
          .update(messages)
          .set({ ...counter, updatedAt: at })
          .where(scoped),
      ),
    );
  // A flow's notification email is about a lead, not to it: it moves no engagement and tells no
  // webhook, though an unsubscribe or a bounce still stops further notifications to that address.
  const aboutLead = message.purpose === "notification";
  if (aboutLead && kind in SUPPRESSION_REASON) {
    const reason = SUPPRESSION_REASON[kind as keyof typeof SUPPRESSION_REASON];
    statements.push(
      asStatement(ctx.db, suppressionInsert(ctx.db, ctx, { email: message.toEmail, reason, messageId: message.id }, ctx.now)),
    );
  }
  if (!aboutLead && !isEventOnly(kind, data)) {
    const webhook = WEBHOOK_EVENT[kind];
    const notice = {
      ...outboxEvent(message, webhook, emailWebhookPayload(webhook, message, ctx.now, data), ctx.now),
      id: `${event.id}_webhook`,
    };
    statements.push(
      asStatement(
        ctx.db,
        ctx.db
          .update(messages)
          .set({ ...messageChange(message, kind, at), updatedAt: at })
          .where(and(scoped, isNew)),
      ),
      asStatement(ctx.db, ctx.db.insert(outboxEvents).values(notice).onConflictDoNothing()),
      ...engagementStatements(ctx, message, kind, event.id, isNew),
      // A sequence's email: counted in its stats (once: the event's id derives from the message).
      ...(kind === "complained" ? [] : messageSequenceEvent(ctx.db, message, kind, ctx.now)),
    );
    if (kind in SUPPRESSION_REASON) {
      const reason = SUPPRESSION_REASON[kind as keyof typeof SUPPRESSION_REASON];
      statements.push(
        asStatement(ctx.db, suppressionInsert(ctx.db, ctx, { email: message.toEmail, reason, messageId: message.id }, ctx.now)),
      );
    }
  }
  statements.push(asStatement(ctx.db, ctx.db.insert(messageEvents).values(event).onConflictDoNothing()));
  await runBatch(ctx.db, statements);
  dispatchSoon(ctx);
  if (!isEventOnly(kind, data)) await signalEngagement(ctx.env, message, kind, ctx.now);
  return event;
}

import { and, eq, sql } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import type { MessageEventData } from "../../db/json/email";
import { type Lead, leadEvents, leads, type Message, type MessageEvent, messageEvents, messages, outboxEvents } from "../../db/schema";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
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
 * The event's id: derived from the message for what happens once (the first open, the first click
 * on each link, an unsubscribe), so of two mail-client fetches racing, one inserts it and the other
 * only counts. Each reply and bounce report is its own event.
 */
function eventId(message: Message, kind: Engagement, data: MessageEventData, now: Date): string {
  if (kind === "opened" || kind === "unsubscribed" || kind === "complained") return `evt_${message.id}_${kind}`;
  if (kind === "clicked") return `evt_${message.id}_clicked_${data.link ?? 0}`;
  return newId("evt", now.getTime());
}

/** A delivery report with a 4.x.x status is a delay the sending server still retries, not a bounce. */
const isTemporary = (kind: Engagement, data: MessageEventData) => kind === "bounced" && data.status_code?.startsWith("4") === true;

function messageChange(message: Message, kind: Engagement, data: MessageEventData, at: string): Partial<Message> {
  if (isTemporary(kind, data)) return {};
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

/** The lead's engagement after `points`, kept within 0–100, and the timeline event that tells it. */
function engagementStatements(ctx: TenantCtx, lead: Lead, message: Message, kind: Engagement) {
  const previous = lead.engagementScore ?? 0;
  const next = Math.max(0, Math.min(100, previous + ENGAGEMENT_POINTS[kind]));
  const at = ctx.now.toISOString();
  const positive = ENGAGEMENT_POINTS[kind] > 0;
  return [
    asStatement(
      ctx.db,
      ctx.db
        .update(leads)
        .set({ engagementScore: next, ...(positive ? { lastInteractionAt: at } : {}), updatedAt: at })
        .where(and(eq(leads.tenantId, ctx.tenant.id), eq(leads.id, lead.id))),
    ),
    asStatement(
      ctx.db,
      ctx.db.insert(leadEvents).values({
        id: newId("evt", ctx.now.getTime()),
        tenantId: ctx.tenant.id,
        testMode: ctx.testMode,
        leadId: lead.id,
        flowId: null,
        type: positive ? "engagement_increased" : "engagement_decreased",
        outcome: "success",
        reason: `email.${kind}`,
        data: { score: lead.score, engagement_score: next, previous_engagement_score: previous, message_id: message.id },
        createdAt: at,
      }),
    ),
  ];
}

/**
 * Records what the recipient of `message` did. Counts every open and click; the first open, the
 * first click on each link and each reply become an event, a webhook and an engagement change
 * (the event first, as the claim; then the rest in one batch).
 */
export async function recordEngagement(
  ctx: TenantCtx,
  message: Message,
  kind: Engagement,
  data: MessageEventData = {},
): Promise<MessageEvent | null> {
  const at = ctx.now.toISOString();
  const counters =
    kind === "opened"
      ? { openCount: sql`${messages.openCount} + 1` }
      : kind === "clicked"
        ? { clickCount: sql`${messages.clickCount} + 1` }
        : {};
  const scoped = and(eq(messages.tenantId, ctx.tenant.id), eq(messages.id, message.id));
  const event: MessageEvent = {
    id: eventId(message, kind, data, ctx.now),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    messageId: message.id,
    type: kind,
    data,
    createdAt: at,
  };
  const inserted = await ctx.db.insert(messageEvents).values(event).onConflictDoNothing().returning({ id: messageEvents.id });
  if (inserted.length === 0) {
    if (Object.keys(counters).length > 0)
      await ctx.db
        .update(messages)
        .set({ ...counters, updatedAt: at })
        .where(scoped);
    return null;
  }
  const [lead] = await ctx.db
    .select()
    .from(leads)
    .where(and(eq(leads.tenantId, ctx.tenant.id), eq(leads.id, message.leadId)))
    .limit(1);
  const statements = [
    asStatement(
      ctx.db,
      ctx.db
        .update(messages)
        .set({ ...counters, ...messageChange(message, kind, data, at), updatedAt: at })
        .where(scoped),
    ),
    asStatement(
      ctx.db,
      ctx.db
        .insert(outboxEvents)
        .values(outboxEvent(message, WEBHOOK_EVENT[kind], emailWebhookPayload(WEBHOOK_EVENT[kind], message, ctx.now, data), ctx.now)),
    ),
    ...(lead && !isTemporary(kind, data) ? engagementStatements(ctx, lead, message, kind) : []),
  ];
  if (kind in SUPPRESSION_REASON && !isTemporary(kind, data)) {
    const reason = SUPPRESSION_REASON[kind as keyof typeof SUPPRESSION_REASON];
    statements.push(
      asStatement(ctx.db, suppressionInsert(ctx.db, ctx, { email: message.toEmail, reason, messageId: message.id }, ctx.now)),
    );
  }
  await runBatch(ctx.db, statements);
  dispatchSoon(ctx);
  return event;
}

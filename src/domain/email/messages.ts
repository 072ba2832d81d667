import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import { emailOutbox, type Lead, type Message, type MessageEvent, messageEvents, messages, type Sender } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { getLead } from "../leads/leads";
import { composeMessage } from "./compose";
import { checkTemplate, mergeValues, renderTemplate } from "./merge-fields";
import { dispatchEmailSoon } from "./outbox";
import { getSender, missingToSend } from "./senders";
import { isSuppressed } from "./suppressions";
import { signToken } from "./tracking-tokens";

export interface MessageInput {
  sender_id: string;
  lead_id: string;
  subject: string;
  html?: string | null;
  text?: string | null;
}

/** What one message needs beyond its text: where it belongs (a campaign step, a send batch). */
export interface MessageOrigin {
  campaignId?: string;
  stepIndex?: number;
  sendBatchId?: string;
  /** A sequence email: its enrollment and node (one message each), and the lead's time zone. */
  enrollmentId?: string;
  nodeId?: string;
  timeZone?: string | null;
  /** Known already (a campaign send looks its leads up at once); absent, it is looked up. */
  suppressed?: boolean;
}

export function checkMessageTemplates(input: Pick<MessageInput, "subject" | "html" | "text">): void {
  checkTemplate("subject", input.subject);
  if (input.html) checkTemplate("html", input.html);
  if (input.text) checkTemplate("text", input.text);
  if (!input.html && !input.text) throw ApiError.invalidField("html", "required", "give the body as html, text or both");
}

/** A sender that can send now, or the 400/409 saying why not. */
export async function sendingSender(ctx: TenantCtx, senderId: string, field = "sender_id"): Promise<Sender> {
  const sender = await getSender(ctx, senderId).catch(() => {
    throw ApiError.invalidField(field, "not_found", `sender ${senderId} does not exist`);
  });
  const missing = missingToSend(ctx, sender);
  if (missing) throw new ApiError("conflict", `Sender ${sender.id} cannot send: ${missing.message}`, [missing]);
  return sender;
}

/** The lead a message goes to, or a 400 naming lead_id: unknown, or without an email address. */
export async function recipientLead(ctx: TenantCtx, leadId: string): Promise<Lead & { email: string }> {
  const lead = await getLead(ctx, leadId).catch(() => {
    throw ApiError.invalidField("lead_id", "not_found", `lead ${leadId} does not exist`);
  });
  if (!lead.email) throw ApiError.invalidField("lead_id", "no_email", `lead ${leadId} has no email address`);
  return lead as Lead & { email: string };
}

/** A message's text and where it goes, before composing (tracking, unsubscribe footer, headers). */
interface MessageParts {
  id: string;
  leadId: string;
  to: string;
  subject: string;
  html: string | null;
  text: string | null;
  purpose: Message["purpose"];
  tracking: boolean;
}

/**
 * A message rendered for its lead and written with its outbox row in one D1 batch, so it is sent
 * even if this Worker stops right after; a suppressed address is recorded as `suppressed` instead.
 * `requestOrigin` is where tracking links point when PUBLIC_URL is not set; `origin` is the campaign step it belongs to, if any.
 */
export async function prepareMessage(
  ctx: TenantCtx,
  sender: Sender,
  lead: Lead & { email: string },
  body: Pick<MessageInput, "subject" | "html" | "text">,
  requestOrigin: string,
  origin: MessageOrigin = {},
): Promise<{ message: Message; statements: D1PreparedStatement[] }> {
  const values = mergeValues(lead, sender);
  const parts: MessageParts = {
    id: newId("msg", ctx.now.getTime()),
    leadId: lead.id,
    to: lead.email,
    subject: renderTemplate(body.subject, values),
    html: body.html ? renderTemplate(body.html, values, { html: true }) : null,
    text: body.text ? renderTemplate(body.text, values) : null,
    purpose: "lead",
    tracking: sender.tracking,
  };
  return messageStatements(ctx, sender, parts, requestOrigin, origin);
}

/**
 * A notification about a lead to a flow's notification address (settings.notifications.email):
 * already written text, no tracking, and an `id` of the caller's choosing (a digest's id derives
 * from its flow and window, so writing it twice writes it once).
 */
export function prepareNotification(
  ctx: TenantCtx,
  sender: Sender,
  note: { id?: string; leadId: string; to: string; subject: string; html: string; text: string },
  requestOrigin: string,
): Promise<{ message: Message; statements: D1PreparedStatement[] }> {
  const parts: MessageParts = { id: newId("msg", ctx.now.getTime()), ...note, purpose: "notification", tracking: false };
  return messageStatements(ctx, sender, parts, requestOrigin, {});
}

async function messageStatements(
  ctx: TenantCtx,
  sender: Sender,
  parts: MessageParts,
  requestOrigin: string,
  origin: MessageOrigin,
): Promise<{ message: Message; statements: D1PreparedStatement[] }> {
  const config = configOf(ctx.env).email;
  const id = parts.id;
  const publicUrl = config.publicUrl ?? requestOrigin;
  const composed = await composeMessage({
    messageId: id,
    html: parts.html,
    text: parts.text,
    tracking: parts.tracking,
    publicUrl,
    secret: config.secret!,
  });
  const suppressed = origin.suppressed ?? (await isSuppressed(ctx, parts.to));
  const at = ctx.now.toISOString();
  const message: Message = {
    id,
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    leadId: parts.leadId,
    senderId: sender.id,
    purpose: parts.purpose,
    campaignId: origin.campaignId ?? null,
    stepIndex: origin.stepIndex ?? null,
    sendBatchId: origin.sendBatchId ?? null,
    enrollmentId: origin.enrollmentId ?? null,
    nodeId: origin.nodeId ?? null,
    timeZone: origin.timeZone ?? null,
    toEmail: parts.to.toLowerCase(),
    // A header: a (merged) value with a line break must not add headers or a body.
    subject: parts.subject.replace(/[\r\n]+/g, " "),
    html: composed.html,
    text: composed.text,
    links: composed.links,
    publicUrl,
    // Signed like a reply address: a reply or report found by this id cannot name another lead's message.
    messageIdHeader: `${await signToken(config.secret!, { kind: "r", messageId: id, link: null })}@${config.inboundDomain ?? sender.fromEmail.split("@")[1]}`,
    status: suppressed ? "suppressed" : "queued",
    providerMessageId: null,
    attempts: 0,
    error: suppressed ? `${parts.to} is on the suppression list` : null,
    openCount: 0,
    clickCount: 0,
    createdAt: at,
    sentAt: null,
    firstOpenedAt: null,
    firstClickedAt: null,
    repliedAt: null,
    updatedAt: at,
  };
  // The rows that go with the message are copied from it, so that when the message is not
  // written (a campaign step or a sequence node that already went to this lead, by the unique indexes) neither are they.
  const fromMessage = {
    tenantId: messages.tenantId,
    testMode: messages.testMode,
    createdAt: messages.createdAt,
  };
  const statements = [
    asStatement(ctx.db, ctx.db.insert(messages).values(message).onConflictDoNothing()),
    suppressed
      ? asStatement(
          ctx.db,
          ctx.db.insert(messageEvents).select(
            ctx.db
              .select({
                // The table's column order, as an INSERT … SELECT needs it.
                id: sql`${newId("evt", ctx.now.getTime())}`.as("id"),
                tenantId: messages.tenantId,
                testMode: messages.testMode,
                messageId: messages.id,
                type: sql`'suppressed'`.as("type"),
                data: sql`NULL`.as("data"),
                createdAt: messages.createdAt,
              })
              .from(messages)
              .where(eq(messages.id, id)),
          ),
        )
      : asStatement(
          ctx.db,
          ctx.db
            .insert(emailOutbox)
            .select(
              ctx.db
                .select({ messageId: messages.id, ...fromMessage, dispatchedAt: sql`NULL`.as("dispatched_at") })
                .from(messages)
                .where(eq(messages.id, id)),
            )
            // A message written before under this id (a digest's) was queued then.
            .onConflictDoNothing(),
        ),
  ];
  return { message, statements };
}

/** POST /api/v1/messages: one email to one lead, queued now and sent by its Workflow. */
export async function sendMessage(ctx: TenantCtx, input: MessageInput, requestOrigin: string): Promise<Message> {
  checkMessageTemplates(input);
  const sender = await sendingSender(ctx, input.sender_id);
  const lead = await recipientLead(ctx, input.lead_id);
  const { message, statements } = await prepareMessage(ctx, sender, lead, input, requestOrigin);
  await runBatch(ctx.db, statements);
  if (message.status === "queued") dispatchEmailSoon(ctx);
  return message;
}

export async function getMessage(ctx: TenantCtx, id: string): Promise<{ message: Message; events: MessageEvent[] }> {
  const [message] = await ctx.db
    .select()
    .from(messages)
    .where(and(ownedBy(messages, ctx), eq(messages.id, id)))
    .limit(1);
  if (!message) throw new ApiError("not_found", `Message ${id} does not exist`);
  const events = await ctx.db
    .select()
    .from(messageEvents)
    .where(and(ownedBy(messageEvents, ctx), eq(messageEvents.messageId, id)))
    .orderBy(asc(messageEvents.createdAt), asc(messageEvents.id));
  return { message, events };
}

export interface MessageSearch {
  lead_id?: string;
  sender_id?: string;
  status?: Message["status"];
  limit: number;
  offset: number;
}

export async function listMessages(ctx: TenantCtx, search: MessageSearch): Promise<Message[]> {
  const filters: SQL[] = [ownedBy(messages, ctx)];
  if (search.lead_id) filters.push(eq(messages.leadId, search.lead_id));
  if (search.sender_id) filters.push(eq(messages.senderId, search.sender_id));
  if (search.status) filters.push(eq(messages.status, search.status));
  return ctx.db
    .select()
    .from(messages)
    .where(and(...filters))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(search.limit)
    .offset(search.offset);
}

import { eq, inArray } from "drizzle-orm";
import PostalMime, { type Email } from "postal-mime";
import type { MessageEventData } from "../../db/json/email";
import { type Message, messages } from "../../db/schema";
import { configOf } from "../../platform/config";
import type { Ctx } from "../context";
import { actingFor } from "../tenancy/tenants";
import { recordEngagement } from "./engagement";
import { deliveryFailure, feedbackRecipient, feedbackType } from "./inbound-reports";
import { verifyToken } from "./tracking-tokens";

// Mail that comes back to the inbound domain: a reply from a lead, a bounce or a delay from a mail
// server, a complaint from a mailbox provider's feedback loop. Each is matched to the message it
// answers (by the reply address's token, else by the Message-IDs it names) and recorded as that
// message's engagement.

export interface InboundMail {
  /** The envelope sender and recipient. */
  from: string;
  to: string;
  raw: ReadableStream | ArrayBuffer | string;
}

export interface InboundResult {
  outcome: "replied" | "bounced" | "complained" | "unmatched";
  /** The message it was matched to. */
  messageId: string | null;
  /** Why it matched nothing. */
  reason?: string;
}

interface Reading {
  kind: "replied" | "bounced" | "complained";
  data: MessageEventData;
  /** The Message-IDs this mail answers or reports on, nearest first. */
  references: string[];
  /**
   * Reports: the address the report is about (a bounce's Final-Recipient, a complaint's
   * Original-Rcpt-To or returned To:); a message found by reference must be to it. Null when unnamed.
   */
  recipient?: string | null;
}

/** An out-of-office or other automatic answer (RFC 3834), which is not engagement. */
function isAutomatic(email: Email): boolean {
  const header = (key: string) =>
    email.headers
      .find((h) => h.key === key)
      ?.value.trim()
      .toLowerCase();
  const submitted = header("auto-submitted");
  return (submitted !== undefined && submitted !== "no") || header("x-autoreply") !== undefined || header("x-autorespond") !== undefined;
}

const REPLY_TEXT_LIMIT = 4000;
/** A long References chain names the whole thread; its latest ids are enough (and D1 binds at most 100 values). */
const REFERENCES_LIMIT = 20;

/** The ids in a Message-ID, In-Reply-To or References header, without their angle brackets. */
function messageIds(header: string | undefined): string[] {
  if (!header) return [];
  const bracketed = [...header.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!);
  // Some clients leave the brackets off a lone id.
  return bracketed.length > 0 ? bracketed : header.includes("@") ? [header.trim()] : [];
}

/** The text of the first part of one of `mimeTypes` (postal-mime keeps a report's parts as attachments). */
function part(email: Email, mimeTypes: string[]): string | null {
  const content = email.attachments.find((attachment) => mimeTypes.includes(attachment.mimeType))?.content;
  if (content === undefined) return null;
  return typeof content === "string" ? content : new TextDecoder().decode(content);
}

// Where a quoted message begins: Gmail's (and Apple Mail's) "On <date>, <name> wrote:", which may be
// wrapped onto a second line; Outlook's "-----Original Message-----", or its header block
// ("From: …" then "Sent: …"), which Outlook on the web puts under a line of underscores.
const ATTRIBUTION = /^On\s.+\swrote:$/;
const ORIGINAL_MESSAGE = /^-{2,}\s*Original Message\s*-{2,}$/i;
const QUOTED_FROM = /^\*?From:\*?\s/;
const QUOTED_SENT = /^\*?(Sent|Date):\*?\s/;
const RULE = /^_{10,}$/;

function startsQuote(line: string, next: string): boolean {
  if (ATTRIBUTION.test(line) || ATTRIBUTION.test(`${line} ${next}`) || ORIGINAL_MESSAGE.test(line)) return true;
  return (QUOTED_FROM.test(line) && QUOTED_SENT.test(next)) || (RULE.test(line) && QUOTED_FROM.test(next));
}

/** The reply's own words: without the lines it quotes (">") and from the quoted message on. */
export function replyText(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
  const own: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (startsQuote(line.trim(), lines[i + 1]?.trim() ?? "")) break;
    if (!line.trim().startsWith(">")) own.push(line);
  }
  return own.join("\n").trim().slice(0, REPLY_TEXT_LIMIT);
}

/** A multipart/report's report-type (`delivery-status`, `feedback-report`); null for any other mail. */
function reportTypeOf(email: Email): string | null {
  const contentType = email.headers.find((header) => header.key === "content-type")?.value ?? "";
  if (!/^\s*multipart\/report\b/i.test(contentType)) return null;
  return /report-type\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? null;
}

/** What the mail is, or why it cannot be read as anything Leadedge records. */
async function read(email: Email, envelopeFrom: string): Promise<Reading | { reason: string }> {
  const threaded = [...messageIds(email.inReplyTo), ...messageIds(email.references).reverse()];
  const reportType = reportTypeOf(email);
  if (reportType !== "delivery-status" && reportType !== "feedback-report") {
    const from = (email.from?.address ?? envelopeFrom).toLowerCase();
    const automatic = isAutomatic(email) ? { auto_reply: true } : {};
    return { kind: "replied", data: { text: replyText(email.text ?? ""), from, ...automatic }, references: threaded };
  }
  const original = part(email, ["text/rfc822-headers", "message/rfc822", "message/global-headers", "message/global"]);
  const returned = original ? await PostalMime.parse(original) : null;
  const references = [...threaded, ...messageIds(returned?.messageId)];
  if (reportType === "feedback-report") {
    const report = part(email, ["message/feedback-report"]);
    if (!report) return { reason: "feedback report without its report part" };
    const recipient = feedbackRecipient(report) ?? returned?.to?.[0]?.address?.toLowerCase() ?? null;
    return { kind: "complained", data: { reason: feedbackType(report) }, references, recipient };
  }
  const status = part(email, ["message/delivery-status", "message/global-delivery-status"]);
  const failure = status ? deliveryFailure(status) : null;
  if (!failure) return { reason: status ? "delivery report of no failure" : "delivery report without its status part" };
  return {
    kind: "bounced",
    data: { status_code: failure.statusCode, ...(failure.diagnostic ? { reason: failure.diagnostic } : {}) },
    references,
    recipient: failure.recipient,
  };
}

/** The message a reply address (`r+<token>@…`) names, when its token is ours. */
async function messageByAddress(ctx: Ctx, to: string): Promise<Message | null> {
  const token = /^r\+([^@]+)@/i.exec(to.trim())?.[1];
  const secret = configOf(ctx.env).email.secret;
  const verified = token && secret ? await verifyToken(secret, token, "r") : null;
  if (!verified) return null;
  const [message] = await ctx.db.select().from(messages).where(eq(messages.id, verified.messageId)).limit(1);
  return message ?? null;
}

/** The nearest of `references` that is one of our messages' Message-ID. */
async function messageByReferences(ctx: Ctx, references: string[]): Promise<Message | null> {
  const nearest = references.slice(0, REFERENCES_LIMIT);
  if (nearest.length === 0) return null;
  const found = await ctx.db.select().from(messages).where(inArray(messages.messageIdHeader, nearest));
  return nearest.map((id) => found.find((message) => message.messageIdHeader === id)).find(Boolean) ?? null;
}

/** Whether a reply, or a report that names `message`'s recipient as the address it is about. */
function aboutItsRecipient(reading: Reading, message: Message): boolean {
  if (reading.kind === "replied") return true;
  return reading.recipient === message.toEmail.toLowerCase();
}

/** Reads one incoming mail and records it on the message it answers, acting for that message's tenant. */
export async function receiveEmail(ctx: Ctx, mail: InboundMail): Promise<InboundResult> {
  const email = await PostalMime.parse(mail.raw, { attachmentEncoding: "utf8" });
  const reading = await read(email, mail.from);
  if ("reason" in reading) return { outcome: "unmatched", messageId: null, reason: reading.reason };
  const byAddress = await messageByAddress(ctx, mail.to);
  const byReference = byAddress ? null : await messageByReferences(ctx, reading.references);
  // A Message-ID is not a secret (it travels in every reply's headers): a bounce or complaint found
  // by one must also name that message's recipient, or anyone could have an address suppressed.
  const message = byAddress ?? (byReference && aboutItsRecipient(reading, byReference) ? byReference : null);
  if (!message) return { outcome: "unmatched", messageId: null, reason: `${reading.kind} mail that names none of our messages` };
  const tenantCtx = await actingFor(ctx, { tenantId: message.tenantId, testMode: message.testMode });
  await recordEngagement(tenantCtx, message, reading.kind, reading.data, { occurrence: email.messageId ?? undefined });
  return { outcome: reading.kind, messageId: message.id };
}

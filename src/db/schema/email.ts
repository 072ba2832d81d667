import { type SQL, sql } from "drizzle-orm";
import { index, integer, primaryKey, type SQLiteColumn, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { MessageEventData, SendWindow, SmtpSettings } from "../json/email";

// Email: who sends (senders), what was sent (messages, with their events), to whom never again
// (suppressions), and the outbox that hands each queued message to its sending Workflow.

export const senders = sqliteTable(
  "senders",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    /** The person, as `{{sender.name}}` merges it. */
    name: text("name").notNull(),
    fromEmail: text("from_email").notNull(),
    /** The From header's display name; the sender's name when absent. */
    fromName: text("from_name"),
    replyTo: text("reply_to"),
    signature: text("signature"),
    customPrompt: text("custom_prompt"),
    transport: text("transport", { enum: ["cloudflare", "smtp", "log"] })
      .notNull()
      .default("log"),
    smtp: text("smtp", { mode: "json" }).$type<SmtpSettings>(),
    /** AES-GCM ciphertext of the SMTP password (platform/secret-box.ts); never shown. */
    smtpPassword: text("smtp_password"),
    /** Messages per local day (a mailbox's warm-up cap), counted in the sender's SenderQuota object. */
    dailyLimit: integer("daily_limit").notNull().default(200),
    timeZone: text("time_zone").notNull().default("UTC"),
    sendWindow: text("send_window", { mode: "json" }).$type<SendWindow>(),
    /** Open pixel and click rewriting; unsubscribe links are always present. */
    tracking: integer("tracking", { mode: "boolean" }).notNull().default(true),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("senders_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

/**
 * A campaign message that counts as its step having gone to the lead: every status but `suppressed`
 * and `failed`, and a `failed` one whose outcome is unknown (delivery.ts's `deliver` writes
 * OUTCOME_UNKNOWN when an attempt stopped after handing the email over: it may have arrived).
 */
export const holdsCampaignStep = (t: { status: SQLiteColumn; error: SQLiteColumn }): SQL =>
  sql`(${t.status} NOT IN ('failed', 'suppressed') OR ${t.error} LIKE 'outcome unknown:%')`;

export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    leadId: text("lead_id").notNull(),
    senderId: text("sender_id").notNull(),
    /**
     * `lead`: written to the lead. `notification`: about the lead (or, for a digest, the newest of
     * its leads), to a flow's settings.notifications.email; it moves no engagement and tells no webhook.
     */
    purpose: text("purpose", { enum: ["lead", "notification"] })
      .notNull()
      .default("lead"),
    campaignId: text("campaign_id"),
    stepIndex: integer("step_index"),
    sendBatchId: text("send_batch_id"),
    /** The sequence enrollment and email node that sent it: one message per enrollment and node. */
    enrollmentId: text("enrollment_id"),
    nodeId: text("node_id"),
    /** The zone its sender's window is read in: the lead's, for a sequence email; else the sender's. */
    timeZone: text("time_zone"),
    toEmail: text("to_email").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    /** Every link of the HTML body, in order: a click token names one by its index, so a click can only go where the message went. */
    links: text("links", { mode: "json" }).$type<string[]>().notNull(),
    /** Where tracking and unsubscribe links point (the deployment's public URL when the message was written). */
    publicUrl: text("public_url").notNull(),
    /** The RFC 5322 Message-ID (without angle brackets); replies and bounces find the message by it. */
    messageIdHeader: text("message_id_header").notNull(),
    status: text("status", { enum: ["queued", "sending", "sent", "failed", "bounced", "complained", "suppressed"] }).notNull(),
    providerMessageId: text("provider_message_id"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    openCount: integer("open_count").notNull().default(0),
    clickCount: integer("click_count").notNull().default(0),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
    firstOpenedAt: text("first_opened_at"),
    firstClickedAt: text("first_clicked_at"),
    repliedAt: text("replied_at"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("messages_tenant_idx").on(t.tenantId, t.testMode, t.createdAt),
    index("messages_lead_idx").on(t.tenantId, t.leadId, t.createdAt),
    index("messages_batch_idx").on(t.sendBatchId, t.status),
    uniqueIndex("messages_header_unique").on(t.messageIdHeader),
    // A campaign step goes to a lead once, however often (or concurrently) the step is sent; a
    // message that surely did not go (suppressed, or failed for a known reason) leaves room for another.
    uniqueIndex("messages_campaign_step_unique")
      .on(t.campaignId, t.stepIndex, t.leadId)
      .where(sql`${t.campaignId} IS NOT NULL AND ${holdsCampaignStep(t)}`),
    // A sequence's email node sends once per enrollment, however often its step is retried.
    uniqueIndex("messages_enrollment_node_unique").on(t.enrollmentId, t.nodeId).where(sql`${t.enrollmentId} IS NOT NULL`),
  ],
);

export const messageEvents = sqliteTable(
  "message_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    messageId: text("message_id").notNull(),
    type: text("type", {
      enum: ["sent", "failed", "suppressed", "opened", "clicked", "replied", "bounced", "complained", "unsubscribed"],
    }).notNull(),
    data: text("data", { mode: "json" }).$type<MessageEventData>(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("message_events_message_idx").on(t.messageId, t.createdAt)],
);

export const suppressions = sqliteTable(
  "suppressions",
  {
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    email: text("email").notNull(),
    reason: text("reason", { enum: ["unsubscribed", "bounced", "complained", "manual"] }).notNull(),
    messageId: text("message_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.testMode, t.email] })],
);

/** A queued message not yet handed to its sending Workflow; written in the message's own batch. */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    messageId: text("message_id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    createdAt: text("created_at").notNull(),
    dispatchedAt: text("dispatched_at"),
  },
  (t) => [index("email_outbox_pending_idx").on(t.dispatchedAt, t.createdAt)],
);

/** One campaign step sent to the campaign's leads. Its progress is counted from its messages. */
export const sendBatches = sqliteTable(
  "send_batches",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    campaignId: text("campaign_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    senderId: text("sender_id").notNull(),
    total: integer("total").notNull(),
    status: text("status", { enum: ["preparing", "sending", "completed"] }).notNull(),
    createdAt: text("created_at").notNull(),
    completedAt: text("completed_at"),
  },
  (t) => [index("send_batches_campaign_idx").on(t.tenantId, t.campaignId, t.createdAt)],
);

export type Sender = typeof senders.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type MessageEvent = typeof messageEvents.$inferSelect;
export type Suppression = typeof suppressions.$inferSelect;
export type SendBatch = typeof sendBatches.$inferSelect;

/** The `log` transport's mailbox: the MIME it would have sent, kept instead of sending it. */
export const emailLog = sqliteTable("email_log", {
  messageId: text("message_id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  raw: text("raw").notNull(),
  createdAt: text("created_at").notNull(),
});

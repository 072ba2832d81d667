import { z } from "@hono/zod-openapi";
import type { Message, MessageEvent } from "../../../db/schema";

const STATUSES = ["queued", "sending", "sent", "failed", "bounced", "complained", "suppressed"] as const;

export const MessageInput = z
  .object({
    sender_id: z.string().max(64).openapi({ example: "3c90c3cc-0d44-4b50-8888-8dd25736052a" }),
    lead_id: z.string().max(64).openapi({ example: "lead_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    subject: z.string().min(1).max(500).openapi({ example: "Quick question, {{lead.first_name}}" }),
    html: z.string().max(200_000).nullable().optional().openapi({
      description: "Sanitised like landing pages; links are tracked",
      example: '<p>Hi {{lead.first_name | "there"}},</p><p>See <a href="https://acme.example/demo">the demo</a>.</p><p>{{sender.name}}</p>',
    }),
    text: z.string().max(200_000).nullable().optional().openapi({ description: "The text part; made from the HTML when absent" }),
  })
  .openapi("MessageInput", {
    description:
      "Merge fields: any standard lead field ({{lead.first_name}}, {{lead.company}}…), custom fields as {{lead.custom.plan}}, " +
      "and {{sender.name}}, {{sender.email}} (the from address, as {{sender.from_email}}), {{sender.from_name}}, {{sender.reply_to}}, " +
      "{{sender.signature}}; " +
      'each with an optional fallback: {{lead.first_name | "there"}}. An unknown field is a 400 naming it.',
  });

const MessageEventSchema = z.object({
  id: z.string(),
  type: z.enum(["sent", "failed", "suppressed", "opened", "clicked", "replied", "bounced", "complained", "unsubscribed"]),
  at: z.string(),
  url: z.string().optional(),
  link: z.number().int().optional(),
  auto_reply: z.boolean().optional(),
  status_code: z.string().optional(),
  reason: z.string().optional(),
  text: z.string().optional(),
  from: z.string().optional(),
  provider_message_id: z.string().optional(),
});

export const MessageSchema = z
  .object({
    id: z.string().openapi({ example: "msg_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    status: z.enum(STATUSES),
    lead_id: z.string(),
    sender_id: z.string(),
    purpose: z.enum(["lead", "notification"]).openapi({
      description: "`lead`: an email to the lead. `notification`: a flow's notification about the lead (its settings.notifications.email)",
      example: "lead",
    }),
    campaign_id: z.string().nullable(),
    step_index: z.number().int().nullable(),
    send_batch_id: z.string().nullable(),
    to: z.string(),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    message_id_header: z.string().openapi({ description: "The RFC 5322 Message-ID, without angle brackets" }),
    provider_message_id: z.string().nullable(),
    attempts: z.number().int(),
    error: z.string().nullable(),
    open_count: z.number().int(),
    click_count: z.number().int(),
    created_at: z.string(),
    sent_at: z.string().nullable(),
    first_opened_at: z.string().nullable(),
    first_clicked_at: z.string().nullable(),
    replied_at: z.string().nullable(),
    events: z.array(MessageEventSchema).optional().openapi({ description: "On GET /api/v1/messages/{id}: what happened, in order" }),
  })
  .openapi("Message");

export const MessageList = z
  .object({ messages: z.array(MessageSchema), limit: z.number().int(), offset: z.number().int() })
  .openapi("MessageList");

export const MessageQuery = z.object({
  lead_id: z.string().max(64).optional(),
  sender_id: z.string().max(64).optional(),
  status: z.enum(STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const MessageParams = z.object({
  message_id: z
    .string()
    .max(64)
    .openapi({ param: { name: "message_id", in: "path" }, example: "msg_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
});

export function renderMessage(m: Message, events?: MessageEvent[]): z.infer<typeof MessageSchema> {
  return {
    id: m.id,
    status: m.status,
    lead_id: m.leadId,
    sender_id: m.senderId,
    purpose: m.purpose,
    campaign_id: m.campaignId,
    step_index: m.stepIndex,
    send_batch_id: m.sendBatchId,
    to: m.toEmail,
    subject: m.subject,
    html: m.html,
    text: m.text,
    message_id_header: m.messageIdHeader,
    provider_message_id: m.providerMessageId,
    attempts: m.attempts,
    error: m.error,
    open_count: m.openCount,
    click_count: m.clickCount,
    created_at: m.createdAt,
    sent_at: m.sentAt,
    first_opened_at: m.firstOpenedAt,
    first_clicked_at: m.firstClickedAt,
    replied_at: m.repliedAt,
    ...(events ? { events: events.map((e) => ({ id: e.id, type: e.type, at: e.createdAt, ...(e.data ?? {}) })) } : {}),
  };
}

import { z } from "@hono/zod-openapi";
import type { Sender } from "../../../db/schema";
import { MASKED } from "../../../domain/delivery/recipient";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time as HH:MM");

const SendWindowSchema = z
  .object({
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .openapi({ description: "ISO weekdays: 1 = Monday … 7 = Sunday", example: [1, 2, 3, 4, 5] }),
    start: hhmm.openapi({ example: "08:00" }),
    end: hhmm.openapi({ example: "18:00" }),
  })
  .openapi("SendWindow");

const SmtpInput = z
  .object({
    host: z.string().min(1).max(253).openapi({
      description:
        "Not, and not resolving to, a loopback, private or link-local address, unless the deployment allows them (ALLOW_PRIVATE_WEBHOOKS)",
      example: "smtp.postmarkapp.com",
    }),
    port: z.number().int().min(1).max(65_535).openapi({ example: 587 }),
    security: z.enum(["tls", "starttls", "none"]).openapi({
      description:
        "tls: TLS from the start (465); starttls: upgrade after EHLO (587); none: plain, local servers only (refused in production)",
    }),
    username: z.string().max(254).nullable().optional(),
    password: z
      .string()
      .max(1024)
      .nullable()
      .optional()
      .openapi({ description: "Stored encrypted; never shown back. Leave out to keep the stored one." }),
  })
  .openapi("SmtpSettingsInput");

export const SenderInput = z
  .object({
    name: z.string().min(1).max(200).openapi({ description: "The person, as {{sender.name}} merges it", example: "Maya Chen" }),
    from_email: z.email().max(254).openapi({ description: "On one of the account's sending_domains", example: "maya@acme.example" }),
    from_name: z
      .string()
      .max(200)
      .nullable()
      .optional()
      .openapi({ description: "The From display name; the name when absent", example: "Maya from Acme" }),
    reply_to: z.email().max(254).nullable().optional().openapi({
      description:
        "Where replies go. Absent (with EMAIL_INBOUND_DOMAIN set), replies come back to Leadedge and are recorded on the message.",
    }),
    signature: z.string().max(2000).nullable().optional(),
    custom_prompt: z
      .string()
      .max(32_000)
      .nullable()
      .optional()
      .openapi({ description: "Used when neither the request nor the campaign has a prompt" }),
    transport: z
      .enum(["cloudflare", "smtp", "log"])
      .optional()
      .openapi({ description: "cloudflare: the send_email binding; smtp: the smtp settings; log: kept in D1, nothing leaves (default)" }),
    smtp: SmtpInput.nullable().optional(),
    daily_limit: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .openapi({ description: "Messages per local day (warm-up cap); default 200" }),
    time_zone: z.string().max(64).optional().openapi({ example: "Europe/Berlin" }),
    send_window: SendWindowSchema.nullable().optional().openapi({ description: "When messages may go, in time_zone; absent: any time" }),
    tracking: z
      .boolean()
      .optional()
      .openapi({ description: "Open pixel and click tracking (default true); unsubscribe links are always added" }),
  })
  .openapi("SenderInput");

export const SenderSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    from_email: z.string(),
    from_name: z.string().nullable(),
    reply_to: z.string().nullable(),
    signature: z.string().nullable(),
    custom_prompt: z.string().nullable(),
    transport: z.enum(["cloudflare", "smtp", "log"]),
    smtp: z
      .object({
        host: z.string(),
        port: z.number().int(),
        security: z.enum(["tls", "starttls", "none"]),
        username: z.string().nullable(),
        password: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: `The password shows as ${MASKED} when one is stored` }),
    daily_limit: z.number().int(),
    time_zone: z.string(),
    send_window: SendWindowSchema.nullable(),
    tracking: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Sender");

export const renderSender = (s: Sender): z.infer<typeof SenderSchema> => ({
  id: s.id,
  name: s.name,
  from_email: s.fromEmail,
  from_name: s.fromName,
  reply_to: s.replyTo,
  signature: s.signature,
  custom_prompt: s.customPrompt,
  transport: s.transport,
  smtp: s.smtp ? { ...s.smtp, password: s.smtpPassword ? MASKED : null } : null,
  daily_limit: s.dailyLimit,
  time_zone: s.timeZone,
  send_window: s.sendWindow,
  tracking: s.tracking,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});

export const SenderList = z.object({ senders: z.array(SenderSchema) }).openapi("SenderList");
export const SenderDeleted = z.object({ id: z.string(), deleted: z.literal(true) }).openapi("SenderDeleted");

import { z } from "@hono/zod-openapi";
import { isPhoneCountry } from "../../../domain/enhancement/phone";
import { isTimeZone } from "../../../domain/flows/cap-windows";
import { Step, StepSchema } from "./steps";

const limit = z.number().int().min(0).nullable().optional();

export const FlowSettingsInput = z
  .object({
    acceptance_criteria: z
      .string()
      .max(4000)
      .nullable()
      .optional()
      .openapi({ description: "CEL over lead.*, email.*, phone.*, quality_score", example: "lead.age >= 21 && lead.income >= 50000" }),
    quality_threshold: z.number().min(0).max(1).nullable().optional().openapi({ example: 0.7 }),
    volume_cap: z
      .object({ daily_limit: limit.openapi({ example: 1000 }), hourly_limit: limit.openapi({ example: 100 }) })
      .transform((cap) => ({ daily_limit: cap.daily_limit ?? null, hourly_limit: cap.hourly_limit ?? null }))
      .nullable()
      .optional(),
    notifications: z
      .object({
        email: z.email().optional().openapi({ description: "Gets an email per accepted lead, or a digest", example: "admin@company.com" }),
        email_frequency: z.enum(["each_lead", "hourly", "daily"]).optional().openapi({
          description:
            "`each_lead` (the default): one email per accepted lead (one per call for a batch). `hourly` or `daily`: one digest of the hour's or the day's accepted leads (the flow's time zone), none when there were none.",
          example: "each_lead",
        }),
        sender_id: z.string().optional().openapi({
          description:
            "The sender the emails go out through (its transport, window and daily limit); without it, the account's oldest sender",
          example: "snd_01jd0x5v7k2m3n4p5q6r7s8t9v",
        }),
        webhook_url: z.url().optional().openapi({
          description:
            "Gets the flow's lead events (received, accepted, rejected, delivered, failed, converted), signed, through a webhook endpoint managed for the flow. Needs webhooks:write.",
          example: "https://company.com/webhooks/leadconduit",
        }),
      })
      .nullable()
      .optional()
      .openapi({ description: "Replaces the whole notifications object; null turns every notification off" }),
    duplicate_policy: z
      .object({
        keys: z
          .array(z.enum(["email", "phone", "external_id"]))
          .min(1)
          .openapi({ example: ["email"] }),
        match: z.enum(["any", "all"]).default("any"),
        window_days: z.number().int().min(1).max(365).default(30),
      })
      .optional()
      .openapi({ description: "external_id is always a duplicate key as well" }),
    pricing: z
      .object({
        amount: z.number().min(0).openapi({ example: 25 }),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD")
          .openapi({ example: "USD" }),
      })
      .nullable()
      .optional(),
    timezone: z.string().refine(isTimeZone, "an IANA time zone such as America/Chicago").optional().openapi({ example: "America/Chicago" }),
    default_country: z
      .string()
      .refine(isPhoneCountry, "an ISO 3166-1 alpha-2 code of a country whose phone numbers are known (GB, not UK)")
      .optional()
      .openapi({ description: "The country of phone numbers given without a country code", example: "US" }),
  })
  .openapi("FlowSettingsInput");

export const FlowSettingsSchema = z
  .object({
    acceptance_criteria: z.string().nullable(),
    quality_threshold: z.number().nullable(),
    volume_cap: z.object({ daily_limit: z.number().nullable(), hourly_limit: z.number().nullable() }).nullable(),
    notifications: z
      .object({
        email: z.string().optional(),
        email_frequency: z.enum(["each_lead", "hourly", "daily"]).optional(),
        sender_id: z.string().optional(),
        webhook_url: z.string().optional(),
        webhook_endpoint_id: z.string().optional().openapi({
          description: "The webhook endpoint managed for webhook_url, in /api/v1/webhooks",
          example: "whk_01jd0x5v7k2m3n4p5q6r7s8t9v",
        }),
        webhook_secret: z.string().optional().openapi({
          description: "The endpoint's signing secret: only in the answer that created the endpoint",
          example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        }),
      })
      .nullable(),
    duplicate_policy: z.object({ keys: z.array(z.string()), match: z.enum(["any", "all"]), window_days: z.number() }),
    pricing: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    timezone: z.string(),
    default_country: z.string(),
  })
  .openapi("FlowSettings");

export const FlowCreate = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: "Main Lead Processing Flow" }),
    description: z.string().max(2000).nullable().optional().openapi({ example: "Primary flow for website lead processing" }),
    configuration: z.object({ steps: z.array(Step).max(50) }).optional(),
    settings: FlowSettingsInput.optional(),
  })
  .openapi("FlowCreate");

export const FlowUpdate = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    configuration: z.object({ steps: z.array(Step).max(50) }).optional(),
  })
  .openapi("FlowUpdate");

export const SettingsUpdate = z.object({ settings: FlowSettingsInput }).openapi("FlowSettingsUpdate");

const Statistics = z
  .object({
    total_leads: z.number().int().openapi({ example: 5420 }),
    acceptance_rate: z.number().openapi({ example: 0.78 }),
    average_quality: z.number().openapi({ example: 0.82 }),
  })
  .openapi("FlowStatistics");

export const FlowSchema = z
  .object({
    id: z.string().openapi({ example: "flow_789xyz" }),
    name: z.string().openapi({ example: "Main Lead Processing Flow" }),
    status: z.enum(["active", "archived"]),
    description: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    configuration: z.object({ steps: z.array(StepSchema) }),
    settings: FlowSettingsSchema,
    statistics: Statistics,
  })
  .openapi("Flow");

export const FlowList = z
  .object({ flows: z.array(FlowSchema.pick({ id: true, name: true, status: true, created_at: true, updated_at: true, statistics: true })) })
  .openapi("FlowList");

export const SettingsResponse = z
  .object({ flow_id: z.string(), updated_at: z.string(), settings: FlowSettingsSchema })
  .openapi("FlowSettingsResponse");

const CapState = z.object({
  name: z.enum(["hourly", "daily"]),
  limit: z.number().int(),
  used: z.number().int(),
  remaining: z.number().int(),
  resets_at: z.string().openapi({ example: "2026-11-23T06:00:00.000Z" }),
});

export const CapsResponse = z.object({ flow_id: z.string(), timezone: z.string(), caps: z.array(CapState) }).openapi("FlowCaps");

const Check = z.object({
  check: z.enum(["acceptance_criteria", "required_valid", "quality_threshold", "duplicate", "volume_cap"]),
  rule: z.string().openapi({ example: "lead.age >= 21" }),
  passed: z.boolean(),
  reason: z.string().nullable().openapi({ example: "lead.age is 19, rule lead.age >= 21 is false" }),
});

export const ExplainRequest = z
  .object({
    lead: z.record(z.string(), z.unknown()).openapi({ example: { first_name: "John", email: "john@example.com", age: 19, income: 60000 } }),
    external_id: z.string().optional(),
  })
  .openapi("RulesExplainRequest");

export const ExplainResponse = z
  .object({
    flow_id: z.string(),
    would_accept: z.boolean(),
    status: z.enum(["accepted", "rejected", "invalid"]),
    reason: z.string().nullable().openapi({ example: "acceptance_criteria_failed" }),
    validation: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
    lead_data: z.record(z.string(), z.unknown()),
    enhancements: z.record(z.string(), z.unknown()),
    quality_metrics: z.object({ overall_score: z.number(), completeness: z.number(), accuracy: z.number(), fraud_risk: z.number() }),
    checks: z.array(Check),
    duplicate_of: z.string().nullable(),
    volume_caps: z.array(CapState),
  })
  .openapi("RulesExplanation");

export const RecipientState = z
  .object({
    id: z.string().openapi({ example: "step_003" }),
    name: z.string().openapi({ example: "CRM Integration" }),
    url: z.string(),
    status: z.enum(["active", "paused"]),
    consecutive_errors: z.number().int(),
    paused_at: z.string().nullable(),
    paused_reason: z.string().nullable(),
  })
  .openapi("RecipientState");

export const RecipientList = z.object({ flow_id: z.string(), recipients: z.array(RecipientState) }).openapi("RecipientList");

export const FlowEventsQuery = z.object({
  event_type: z.string().max(50).optional().openapi({ example: "delivered" }),
  start_date: z.iso.date().optional().openapi({ example: "2024-01-01" }),
  end_date: z.iso.date().optional().openapi({ example: "2024-01-31" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ example: 1000 }),
});

export const FlowEvents = z
  .object({
    total_events: z.number().int().openapi({ example: 15420 }),
    events: z.array(
      z.object({
        id: z.string(),
        lead_id: z.string(),
        type: z.string().openapi({ example: "delivered" }),
        timestamp: z.string(),
        outcome: z.string().openapi({ example: "success" }),
        reason: z.string().nullable(),
        recipient: z.object({ id: z.string(), name: z.string(), type: z.string() }).optional(),
        duration_ms: z.number().optional(),
        response_code: z.number().nullable().optional(),
      }),
    ),
  })
  .openapi("FlowEvents");

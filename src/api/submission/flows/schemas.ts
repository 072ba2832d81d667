import { z } from "@hono/zod-openapi";
import type { Flow, LeadEvent } from "../../../db/schema";
import { MASKED } from "../../../domain/delivery/recipient";
import { isTimeZone } from "../../../domain/flows/cap-windows";
import type { FlowStatistics } from "../../../domain/flows/flows";
import type { FlowWithStatistics } from "../../../domain/flows/with-statistics";

const RecipientSettingsInput = z.object({
  url: z.url().max(2048),
  method: z.enum(["POST", "PUT"]).optional(),
  encoding: z.enum(["json", "form"]).optional(),
  headers: z.record(z.string(), z.string().max(2000)).optional(),
  field_mapping: z.record(z.string(), z.string().max(2000)).nullable().optional(),
  response: z
    .object({
      json_path: z.string().max(200).optional(),
      json_value: z.union([z.string(), z.number(), z.boolean()]).optional(),
      text_match: z.string().max(200).optional(),
    })
    .optional(),
  max_consecutive_errors: z.number().int().min(1).max(100).optional(),
});

const Step = z
  .object({
    id: z.string().max(64).optional().openapi({ example: "step_001" }),
    type: z.enum(["source", "enhancement", "recipient"]).openapi({ example: "source" }),
    name: z.string().trim().min(1).max(200).openapi({ example: "Website Form" }),
    position: z.number().int().min(1).optional().openapi({ example: 1 }),
    service: z
      .string()
      .max(64)
      .optional()
      .openapi({ description: "Enhancement service: email_validator or phone_validator", example: "email_validator" }),
    settings: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({
        description:
          'Source steps: required_fields (names that must be present) and acceptance_criteria (a CEL expression). Enhancement steps: check_deliverability / lookup_carrier (call the configured provider) and require_valid (reject leads that fail). Recipient steps (service http_post): url, method, encoding (json or form), headers (secret: shown back masked), field_mapping ({target: "{{lead.first_name}}"}), response ({json_path, json_value} or {text_match}) and max_consecutive_errors.',
        example: { required_fields: ["email", "phone"], acceptance_criteria: "lead.age >= 18" },
      }),
  })
  .superRefine((step, ctx) => {
    const required = step.settings.required_fields;
    if (required !== undefined && !(Array.isArray(required) && required.every((f) => typeof f === "string"))) {
      ctx.addIssue({ code: "custom", path: ["settings", "required_fields"], message: "required_fields must be a list of field names" });
    }
    if (step.type === "enhancement" && step.service !== "email_validator" && step.service !== "phone_validator") {
      ctx.addIssue({ code: "custom", path: ["service"], message: "Enhancement steps use service email_validator or phone_validator" });
    }
    if (step.type === "recipient") {
      if (step.service !== undefined && step.service !== "http_post")
        ctx.addIssue({ code: "custom", path: ["service"], message: "Recipient steps use service http_post" });
      const parsed = RecipientSettingsInput.safeParse(step.settings);
      for (const issue of parsed.error?.issues ?? [])
        ctx.addIssue({ code: "custom", path: ["settings", ...issue.path.map(String)], message: issue.message });
    }
  })
  .openapi("FlowStep");

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
        email: z.email().optional().openapi({ example: "admin@company.com" }),
        webhook_url: z.url().optional().openapi({ example: "https://company.com/webhooks/leadconduit" }),
      })
      .nullable()
      .optional(),
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
      .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code")
      .optional()
      .openapi({ example: "US" }),
  })
  .openapi("FlowSettingsInput");

export const FlowSettingsSchema = z
  .object({
    acceptance_criteria: z.string().nullable(),
    quality_threshold: z.number().nullable(),
    volume_cap: z.object({ daily_limit: z.number().nullable(), hourly_limit: z.number().nullable() }).nullable(),
    notifications: z.object({ email: z.string().optional(), webhook_url: z.string().optional() }).nullable(),
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

const StepSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  position: z.number(),
  service: z.string().optional(),
  settings: z.record(z.string(), z.unknown()),
});

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

/** Recipient header values are the buyer's secrets: shown back masked. */
function maskSteps(steps: Flow["steps"]): Flow["steps"] {
  return steps.map((step) => {
    const headers = step.settings.headers;
    if (step.type !== "recipient" || !headers || typeof headers !== "object") return step;
    return { ...step, settings: { ...step.settings, headers: Object.fromEntries(Object.keys(headers).map((name) => [name, MASKED])) } };
  });
}

export function renderFlow(flow: Flow, statistics: FlowStatistics) {
  return {
    id: flow.id,
    name: flow.name,
    status: flow.status,
    description: flow.description,
    created_at: flow.createdAt,
    updated_at: flow.updatedAt,
    configuration: { steps: maskSteps(flow.steps) },
    settings: flow.settings,
    statistics,
  };
}

/** A flow in a list: no steps or settings. */
export function renderFlowSummary({ flow, statistics }: FlowWithStatistics) {
  return { id: flow.id, name: flow.name, status: flow.status, created_at: flow.createdAt, updated_at: flow.updatedAt, statistics };
}

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

export function renderFlowEvent(e: LeadEvent) {
  const data = e.data ?? {};
  const delivery = data.recipient
    ? {
        recipient: data.recipient as { id: string; name: string; type: string },
        duration_ms: data.duration_ms as number,
        response_code: data.response_code as number | null,
      }
    : {};
  return { id: e.id, lead_id: e.leadId, type: e.type, timestamp: e.createdAt, outcome: e.outcome, reason: e.reason, ...delivery };
}

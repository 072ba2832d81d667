import { z } from "@hono/zod-openapi";
import { MAX_SYNC_WAIT_MS } from "../../../domain/delivery/start-delivery";
import { SEED_SUBMIT_LEAD } from "./seed-examples";

const LeadObject = z.record(z.string(), z.unknown()).openapi({
  description:
    "Standard fields (first_name, last_name, email, phone, address, city, state, postal_code, source, " +
    "campaign, company, …); any other attribute is kept as a custom field, at the top level or inside " +
    "custom_fields.",
  example: SEED_SUBMIT_LEAD.lead,
});

// The envelope's values are checked with the lead's (domain/intake/prepare.ts), so a bad one in a
// batch fails its own lead, not the request.
const externalId = z
  .unknown()
  .optional()
  .openapi({ type: "string", description: "Text of at most 200 characters, or a number", example: "lead_001" });
const certificateUrl = z.unknown().optional().openapi({
  type: "string",
  description: "An https URL on trustedform.com, at most 2048 characters",
  example: "https://cert.trustedform.com/2d5e8f0c1a",
});

export const LeadSubmission = z
  .object({
    lead: LeadObject,
    external_id: externalId,
    trusted_form_cert_url: certificateUrl,
    options: z
      .object({
        test_mode: z.boolean().default(false).openapi({ description: "Mark the lead as test data (test-mode keys always do)" }),
        async: z.boolean().optional(),
        timeout: z
          .number()
          .int()
          .min(0)
          .max(MAX_SYNC_WAIT_MS, { message: `options.timeout is at most ${MAX_SYNC_WAIT_MS} ms, the longest a request may wait` })
          .optional()
          .openapi({ description: "How long a synchronous submission waits for its first delivery, in ms (at most 30000)" }),
      })
      .optional(),
  })
  .openapi("LeadSubmission");

export const BatchSubmission = z
  .object({
    leads: z
      .array(z.object({ external_id: externalId, lead: LeadObject, trusted_form_cert_url: certificateUrl }))
      .min(1)
      .max(1000)
      .openapi({ description: "Up to 1,000 leads" }),
    options: z
      .object({
        continue_on_error: z
          .boolean()
          .default(true)
          .openapi({ description: "false: stop at the first lead that fails; later ones are reported not_processed" }),
        max_concurrent: z.number().int().min(1).max(50).default(10),
        test_mode: z.boolean().default(false),
      })
      .optional(),
  })
  .openapi("BatchSubmission");

const EventSchema = z
  .object({
    id: z.string().openapi({ example: "evt_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    type: z.string().openapi({ example: "received" }),
    timestamp: z.string().openapi({ example: "2024-01-15T10:30:00Z" }),
    outcome: z.enum(["success", "failure", "error", "skipped"]),
    enhancements: z
      .array(z.string())
      .optional()
      .openapi({ example: ["email_validation", "phone_format"] }),
    failed_checks: z
      .array(z.string())
      .optional()
      .openapi({ description: "On an enhanced event whose outcome is failure: the checks that failed", example: ["postal_code"] }),
    reason: z.string().optional(),
    rule: z.string().optional(),
    recipient: z.string().optional().openapi({ example: "buyer_crm_system" }),
    duration_ms: z.number().optional(),
    response_code: z.number().nullable().optional(),
  })
  .openapi("LeadEvent");

const Pricing = z
  .object({ amount: z.number().openapi({ example: 25 }), currency: z.string().openapi({ example: "USD" }) })
  .openapi({ description: "What the lead sold for: the flow's price when accepted, amount 0 otherwise (never null)" });

export const SubmissionResult = z
  .object({
    id: z.string().openapi({ example: "lead_abc123def456" }),
    status: z.enum(["accepted", "rejected"]),
    flow_id: z.string().openapi({ example: "flow_789xyz" }),
    created_at: z.string(),
    test_mode: z.boolean(),
    events: z.array(EventSchema),
    quality_score: z.number().openapi({ example: 0.85 }),
    pricing: Pricing,
    reason: z.string().optional().openapi({ description: "Why a rejected lead was refused", example: "acceptance_criteria_failed" }),
    rule: z.string().optional().openapi({ example: "lead.age >= 21" }),
    message: z.string().optional().openapi({ example: "lead.age is 19, rule lead.age >= 21 is false" }),
    duplicate_of: z.string().optional(),
  })
  .openapi("LeadSubmissionResult");

const BatchItem = z
  .object({
    external_id: z.string().optional(),
    status: z.enum(["success", "rejected", "error", "not_processed"]),
    lead_id: z.string().optional(),
    quality_score: z.number().optional(),
    reason: z.string().optional(),
    rule: z.string().optional(),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        details: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
        duplicate_of: z.string().optional(),
      })
      .optional(),
  })
  .openapi("BatchItemResult");

export const BatchResult = z
  .object({
    batch_id: z.string().openapi({ example: "batch_abc123" }),
    total_leads: z.number().int(),
    successful: z.number().int(),
    failed: z.number().int(),
    not_processed: z.number().int(),
    results: z.array(BatchItem),
  })
  .openapi("BatchSubmissionResult");

export const LeadDetail = z
  .object({
    id: z.string(),
    flow_id: z.string().nullable(),
    external_id: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    status: z.string().openapi({ example: "accepted" }),
    test_mode: z.boolean(),
    lead_data: z.record(z.string(), z.unknown()),
    enhancements: z.record(z.string(), z.unknown()),
    events: z.array(EventSchema),
    quality_metrics: z
      .object({ overall_score: z.number(), completeness: z.number(), accuracy: z.number(), fraud_risk: z.number() })
      .nullable(),
    pricing: Pricing,
    reason: z.string().nullable(),
  })
  .openapi("LeadDetail");

export const LeadSearchQuery = z.object({
  flow_id: z.string().optional().openapi({ example: "flow_789xyz" }),
  status: z.string().optional().openapi({ example: "accepted" }),
  source: z.string().optional().openapi({ example: "website_form" }),
  campaign: z.string().optional().openapi({ example: "summer_2024" }),
  email: z.string().optional().openapi({ description: "The lead's address, whatever its case", example: "jane.roe@acme.example" }),
  created_after: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().openapi({ example: "2024-01-01T00:00:00Z" }),
  created_before: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  test_mode: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "true: the test leads this tenant's live keys posted (options.test_mode) instead of live ones" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ example: 100 }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ example: 0 }),
});

export const LeadSearchResult = z
  .object({
    total_count: z.number().int().openapi({ example: 1250 }),
    page_count: z.number().int().openapi({ example: 13 }),
    current_page: z.number().int().openapi({ example: 1 }),
    per_page: z.number().int().openapi({ example: 100 }),
    leads: z.array(
      z.object({
        id: z.string(),
        flow_id: z.string().nullable(),
        created_at: z.string(),
        status: z.string(),
        quality_score: z.number().nullable(),
        source: z.string().nullable(),
        campaign: z.string().nullable(),
      }),
    ),
  })
  .openapi("LeadSearchResult");

export const FeedbackInput = z
  .object({
    type: z.enum(["conversion", "return"]).openapi({ example: "conversion" }),
    reason: z.string().max(500).optional().openapi({ example: "Closed won" }),
    value: z.number().min(0).optional().openapi({ description: "Deal value of a conversion", example: 1200 }),
  })
  .openapi("LeadFeedback");

export const LeadChange = z
  .object({
    status: z.string().min(1).max(64).openapi({
      description:
        "A code of the tenant's lead statuses (/v1/config/statuses; new, contacted, qualified, won, lost until it configures its own)",
      example: "qualified",
    }),
    reason: z.string().max(500).optional(),
  })
  .openapi("LeadChange");

export const FeedbackResult = z
  .object({
    id: z.string(),
    lead_id: z.string(),
    type: z.enum(["conversion", "return"]),
    status: z.string(),
    reason: z.string().nullable(),
    value: z.number().nullable(),
    recorded_at: z.string(),
  })
  .openapi("LeadFeedbackResult");

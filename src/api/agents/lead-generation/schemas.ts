import { z } from "@hono/zod-openapi";
import { isReadableSecret, MIN_CUSTOM_SECRET, WHSEC_MESSAGE } from "../../../domain/webhooks/signing";
import { PageInfo } from "../../../platform/envelopes";

export const SEED_REQUEST = {
  siteId: "site_456abc",
  userId: "user_123xyz",
  agent_id: "agent_sales_789def",
  leadGenData: {
    targetAudience: {
      industries: ["saas", "tech", "manufacturing"],
      companySize: ["51-200", "201-500"],
      roles: ["CTO", "Head of Engineering", "VP of Operations"],
      locations: ["United States", "Canada", "United Kingdom"],
      interests: ["automation", "efficiency", "cost-reduction"],
    },
    searchCriteria: {
      keywords: ["digital transformation", "workflow automation"],
      excludedTerms: ["recruiting", "staffing"],
      minRevenueUSD: 1000000,
      maxRevenueUSD: 50000000,
      hasWebsite: true,
    },
    productOffering: {
      name: "Workflow Automation Platform",
      primaryValue: "Reduce manual processes by 60%",
      idealCustomerProfile: "Mid-sized manufacturing companies struggling with outdated processes",
    },
    businessInfo: {
      name: "Acme Automation Inc.",
      industry: "enterprise software",
      uniqueSellingPoints: ["Industry-specific automation templates", "30-day implementation guarantee", "24/7 customer support"],
    },
  },
  maxLeads: 25,
  priority: "high",
};

const terms = z.array(z.string().max(100)).max(50).optional();

export const LeadGenerationRequest = z
  .object({
    siteId: z.string().min(1).max(64).openapi({ description: "A site of the tenant (/v1/sites)", example: "site_456abc" }),
    userId: z.string().max(64).optional().openapi({ description: "A user of the tenant (/v1/users)" }),
    agent_id: z.string().max(100).optional(),
    leadGenData: z
      .object({
        targetAudience: z
          .object({ industries: terms, companySize: terms, roles: terms, locations: terms, interests: terms })
          .optional()
          .openapi({ description: "Required: answered with INVALID_REQUEST, `targetAudience object is required`, when missing" }),
        searchCriteria: z
          .object({
            keywords: terms,
            excludedTerms: terms,
            minRevenueUSD: z.number().min(0).optional(),
            maxRevenueUSD: z.number().min(0).optional(),
            hasWebsite: z.boolean().optional(),
          })
          .optional(),
        productOffering: z
          .object({
            name: z.string().max(200).optional(),
            primaryValue: z.string().max(500).optional(),
            idealCustomerProfile: z.string().max(1000).optional(),
          })
          .optional(),
        businessInfo: z
          .object({
            name: z.string().max(200).optional(),
            industry: z.string().max(200).optional(),
            uniqueSellingPoints: z.array(z.string().max(300)).max(20).optional(),
          })
          .optional(),
      })
      .openapi({
        description:
          "At least one of targetAudience.industries, targetAudience.roles or searchCriteria.keywords, or the answer is INSUFFICIENT_DATA",
      }),
    maxLeads: z
      .number()
      .int()
      .min(1)
      .max(250)
      .default(10)
      .openapi({ description: "At most 250 per command; counts against the plan's monthly quota" }),
    priority: z
      .enum(["high", "medium", "low"])
      .default("medium")
      .openapi({ description: "A lower-priority command waits while the tenant's higher-priority ones run" }),
    webhook: z
      .object({
        url: z.url().openapi({ example: "https://your-domain.com/webhooks/leads" }),
        secret: z.string().min(MIN_CUSTOM_SECRET).max(200).refine(isReadableSecret, WHSEC_MESSAGE).optional().openapi({
          description:
            "At least 24 characters; signs the completion (Uncodie-Signature, X-Leadedge-Signature and Standard Webhooks headers)",
        }),
        metadata: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
  })
  .openapi("LeadGenerationRequest");

export const Accepted = z
  .object({
    success: z.literal(true),
    data: z.object({
      command_id: z.string().openapi({ example: "cmd_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
      site_id: z.string(),
      status: z.literal("processing"),
      estimated_completion_time: z.string(),
      leads_requested: z.number().int(),
      job_priority: z.enum(["high", "medium", "low"]),
      process_info: z.object({ stage: z.string(), progress_percentage: z.number().int() }),
      webhook: z
        .object({
          endpoint_id: z.string().openapi({ description: "The webhook endpoint (/v1/webhooks) the command reports to" }),
          secret: z
            .string()
            .nullable()
            .openapi({
              description:
                "Shown once: the secret generated for a webhook sent without one, when this request created its endpoint; " +
                "null when the caller chose the secret or the tenant's enabled endpoint for that URL already had one",
            }),
        })
        .nullable()
        .openapi({ description: "Null without a webhook" }),
    }),
  })
  .openapi("LeadGenerationAccepted");

export const CommandError = z
  .object({
    code: z
      .enum(["SYSTEM_ERROR"])
      .openapi({ description: "A stage that failed after its retries, or a Workflow that could not be started", example: "SYSTEM_ERROR" }),
    message: z.string().openapi({ example: "The verification stage failed: verifier down" }),
  })
  .openapi("LeadGenerationError", { description: "Why a failed command failed; also sent as lead_generation.failed" });

export const GeneratedLead = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    company: z.string().nullable(),
    position: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    company_size: z.string().nullable(),
    location: z.string().nullable(),
    estimated_revenue: z.string().nullable(),
    linkedin: z.string().nullable(),
    match_score: z.number(),
    match_reasons: z.array(z.string()),
    match_summary: z.string().nullable().openapi({
      description: "Why the lead fits, in one sentence phrased by the configured model from match_reasons; null without a model",
    }),
    verified: z.boolean(),
    created_at: z.string(),
  })
  .openapi("GeneratedLead");

export const Summary = z
  .object({
    total_leads: z.number().int(),
    average_match_score: z.number(),
    verified_percentage: z.number(),
    industries_breakdown: z.record(z.string(), z.number()),
    roles_breakdown: z.record(z.string(), z.number()),
  })
  .openapi("LeadGenerationSummary");

export const Status = z
  .object({
    success: z.literal(true),
    data: z.object({
      command_id: z.string(),
      site_id: z.string(),
      status: z.enum(["processing", "completed", "failed", "cancelled"]),
      progress: z
        .object({
          percentage: z.number().int(),
          stage: z.string(),
          leads_found: z.number().int(),
          leads_verified: z.number().int(),
          estimated_time_remaining: z.string().openapi({ example: "00:05:30" }),
          estimate_basis: z.enum(["measured", "defaults", "partly_measured"]).openapi({
            description:
              "What estimated_time_remaining rests on: the mean stage times of the tenant's last completed commands, " +
              "the built-in defaults (no command measured yet), or some of each",
          }),
        })
        .openapi({ description: "stage is the stage running now (set when it starts); percentage counts the stages finished" }),
      error: CommandError.optional().openapi({ description: "Only when failed" }),
      created_at: z.string(),
      updated_at: z.string(),
      completion_time: z.string().optional(),
      leads_generated: z.array(GeneratedLead).optional().openapi({ description: "Once completed: the seed's complete response" }),
      summary: Summary.optional(),
    }),
  })
  .openapi("LeadGenerationStatus");

export const LeadsPage = z
  .object({
    success: z.literal(true),
    data: z.object({ command_id: z.string(), leads: z.array(GeneratedLead), pagination: PageInfo }),
  })
  .openapi("LeadGenerationLeads");

export const CommandResponse = z
  .object({
    success: z.literal(true),
    data: z.record(z.string(), z.unknown()).openapi({
      description:
        "The generated command object: task, userId, agentId, site_id, description, targets, context, supervisor; " +
        "and, once the command failed, error ({code, message})",
    }),
  })
  .openapi("LeadGenerationCommand");

export const Cancelled = z
  .object({ success: z.literal(true), data: z.object({ command_id: z.string(), status: z.literal("cancelled") }) })
  .openapi("LeadGenerationCancelled");

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  per_page: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
});

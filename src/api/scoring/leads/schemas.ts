import { z } from "@hono/zod-openapi";
import type { Factor as DomainFactor } from "../../../db/json/scoring";
import type { Lead } from "../../../db/schema";
import { leadData } from "../../../domain/leads/lead-data";
import type { ScoreChange } from "../../../domain/scoring/scored-lead";
import { successBody } from "../family";

export const Provenance = z
  .union([z.object({ source: z.literal("model"), model: z.string() }), z.object({ source: z.literal("template"), reason: z.string() })])
  .openapi("Provenance", { description: "Who wrote a text: the configured model, or the built-in templates (and why)" });

export const Factor = z.object({
  feature: z.string(),
  value: z.unknown(),
  effect: z.number().openapi({ description: "Effect on the log-odds of converting" }),
});
export const AnalyzedLead = z
  .object({
    id: z.string().openapi({ example: "lead_abc123" }),
    score: z.number().int().openapi({ example: 98 }),
    category: z.enum(["hot", "warm", "cold"]),
    conversion_probability: z.number().optional().openapi({ example: 0.87 }),
    predicted_revenue: z.number().optional().openapi({ example: 125000 }),
    churn_risk: z.enum(["low", "medium", "high"]).optional(),
    recommendations: z.array(z.string()).optional(),
    recommendations_source: Provenance.optional(),
    next_actions: z
      .array(
        z.object({
          action: z.string(),
          priority: z.enum(["high", "medium", "low"]),
          deadline: z.string().openapi({ example: "2025-11-10" }),
        }),
      )
      .optional(),
    factors: z.array(Factor),
    model: z.object({ id: z.string(), version: z.number().int(), kind: z.enum(["prior", "logistic"]), calibrated: z.boolean() }),
  })
  .openapi("AnalyzedLead");

export const Summary = z
  .object({ total_leads: z.number().int(), hot_leads: z.number().int(), avg_score: z.number(), total_predicted_revenue: z.number() })
  .openapi("ScoreSummary");

export const SEED_ANALYZE = {
  leads: [
    {
      name: "John Doe",
      email: "john@example.com",
      phone: "+1234567890",
      company: "TechCorp",
      industry: "Technology",
      revenue: 5000000,
      employees: 50,
      engagement_score: 75,
      last_interaction: "2025-11-01",
    },
  ],
  options: { include_predictions: true, include_recommendations: true },
};

export const AnalyzeRequest = z
  .object({
    leads: z.array(z.record(z.string(), z.unknown())).min(1).max(1000).openapi({
      description: "Up to 1,000 leads; each needs an email. Attributes beyond the standard ones go at the top level or in custom_fields.",
    }),
    options: z.object({ include_predictions: z.boolean().default(true), include_recommendations: z.boolean().default(true) }).optional(),
  })
  .openapi("AnalyzeRequest");

export const AnalyzeResponse = successBody(z.object({ leads: z.array(AnalyzedLead), summary: Summary }), "AnalyzeResponse");

const ScoredLeadData = z.object({
  id: z.string(),
  score: z.number().nullable(),
  category: z.string().nullable(),
  conversion_probability: z.number().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  history: z.array(z.object({ timestamp: z.string(), event: z.string(), score: z.number() })),
  factors: z.array(Factor),
  model: z.string().nullable(),
  lead_data: z.record(z.string(), z.unknown()),
});

export const ScoredLead = successBody(ScoredLeadData, "ScoredLead");

export function renderScoredLead(scored: { lead: Lead; history: ScoreChange[]; factors: DomainFactor[] }): z.infer<typeof ScoredLeadData> {
  const { lead, history, factors } = scored;
  return {
    id: lead.id,
    score: lead.score,
    category: lead.scoreCategory,
    conversion_probability: lead.conversionProbability,
    created_at: lead.createdAt,
    updated_at: lead.updatedAt,
    history,
    factors,
    model: lead.scoringModel,
    lead_data: leadData(lead),
  };
}

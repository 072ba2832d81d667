import { z } from "@hono/zod-openapi";

export const Provenance = z
  .union([z.object({ source: z.literal("model"), model: z.string() }), z.object({ source: z.literal("template"), reason: z.string() })])
  .openapi("Provenance", { description: "Who wrote a text: the configured model, or the built-in templates (and why)" });

export const Factor = z.object({ feature: z.string(), value: z.unknown(), effect: z.number().openapi({ description: "Effect on the log-odds of converting" }) });
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
    next_actions: z.array(z.object({ action: z.string(), priority: z.enum(["high", "medium", "low"]), deadline: z.string().openapi({ example: "2025-11-10" }) })).optional(),
    factors: z.array(Factor),
    model: z.object({ id: z.string(), version: z.number().int(), kind: z.enum(["prior", "logistic"]), calibrated: z.boolean() }),
  })
  .openapi("AnalyzedLead");

export const Summary = z
  .object({ total_leads: z.number().int(), hot_leads: z.number().int(), avg_score: z.number(), total_predicted_revenue: z.number() })
  .openapi("ScoreSummary");

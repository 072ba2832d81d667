import { createRoute, z } from "@hono/zod-openapi";
import { leadTimeline, getLead } from "../../domain/leads/leads";
import { advise, churnRisk } from "../../domain/scoring/advice";
import { analyzeLeads } from "../../domain/scoring/analyze";
import { topFactors } from "../../domain/scoring/prediction";
import { leadData } from "../../domain/leads/lead-data";
import { idParam, json } from "../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../platform/openapi-errors";
import { createRouter } from "../../platform/router";
import { tenantCtxOf } from "../context";

const SEED_ANALYZE = {
  leads: [{ name: "John Doe", email: "john@example.com", phone: "+1234567890", company: "TechCorp", industry: "Technology", revenue: 5000000, employees: 50, engagement_score: 75, last_interaction: "2025-11-01" }],
  options: { include_predictions: true, include_recommendations: true },
};

const AnalyzeRequest = z
  .object({
    leads: z.array(z.record(z.string(), z.unknown())).min(1).max(1000).openapi({ description: "Up to 1,000 leads; each needs an email. Attributes beyond the standard ones go at the top level or in custom_fields." }),
    options: z.object({ include_predictions: z.boolean().default(true), include_recommendations: z.boolean().default(true) }).optional(),
  })
  .openapi("AnalyzeRequest");

const Factor = z.object({ feature: z.string(), value: z.unknown(), effect: z.number().openapi({ description: "Effect on the log-odds of converting" }) });
const AnalyzedLead = z
  .object({
    id: z.string().openapi({ example: "lead_abc123" }),
    score: z.number().int().openapi({ example: 98 }),
    category: z.enum(["hot", "warm", "cold"]),
    conversion_probability: z.number().optional().openapi({ example: 0.87 }),
    predicted_revenue: z.number().optional().openapi({ example: 125000 }),
    churn_risk: z.enum(["low", "medium", "high"]).optional(),
    recommendations: z.array(z.string()).optional(),
    next_actions: z.array(z.object({ action: z.string(), priority: z.enum(["high", "medium", "low"]), deadline: z.string().openapi({ example: "2025-11-10" }) })).optional(),
    factors: z.array(Factor),
    model: z.object({ id: z.string(), version: z.number().int(), kind: z.enum(["prior", "logistic"]), calibrated: z.boolean() }),
  })
  .openapi("AnalyzedLead");

const AnalyzeResponse = z
  .object({
    status: z.literal("success"),
    data: z.object({
      leads: z.array(AnalyzedLead),
      summary: z.object({ total_leads: z.number().int(), hot_leads: z.number().int(), avg_score: z.number(), total_predicted_revenue: z.number() }),
    }),
  })
  .openapi("AnalyzeResponse");

const ScoredLead = z
  .object({
    status: z.literal("success"),
    data: z.object({
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
    }),
  })
  .openapi("ScoredLead");

const tags = ["Scoring"];
const security = [{ apiKey: [] }];

const analyze = createRoute({
  operationId: "analyzeLeads", method: "post", path: "/v1/leads/analyze", tags, security,
  summary: "Score up to 1,000 leads",
  description: "Each lead is matched to the tenant's lead with the same email (or phone), or created, and scored. Until the tenant has a trained model, the documented prior model scores (calibrated: false).",
  request: { body: { required: true, content: json(AnalyzeRequest, SEED_ANALYZE) } },
  responses: { 200: { description: "Scores, predictions and a summary", content: json(AnalyzeResponse) }, ...errorResponses("scoring", [...TENANT_ROUTE_ERRORS, 413, 415]) },
});

const getScored = createRoute({
  operationId: "getScoredLead", method: "get", path: "/v1/leads/{id}", tags, security,
  summary: "A lead's score, its history and the factors behind it",
  request: { params: idParam("id", "lead_abc123") },
  responses: { 200: { description: "The lead", content: json(ScoredLead) }, ...errorResponses("scoring", [...TENANT_ROUTE_ERRORS, 404]) },
});

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export const scoringRouter = createRouter()
  .openapi(analyze, async (c) => {
    const ctx = tenantCtxOf(c);
    const body = c.req.valid("json");
    const options = { include_predictions: true, include_recommendations: true, ...body.options };
    const { leads: analyzed, dealValue } = await analyzeLeads(ctx, body.leads);
    const rendered = analyzed.map(({ lead, prediction, category }, i) => ({
      id: lead.id,
      score: prediction.score,
      category,
      ...(options.include_predictions
        ? { conversion_probability: round(prediction.probability), predicted_revenue: Math.round(prediction.probability * dealValue), churn_risk: churnRisk(body.leads[i]!, ctx.now) }
        : {}),
      ...(options.include_recommendations ? advise(category, prediction.factors, ctx.now) : {}),
      factors: topFactors(prediction.factors),
      model: prediction.model,
    }));
    const summary = {
      total_leads: rendered.length,
      hot_leads: rendered.filter((l) => l.category === "hot").length,
      avg_score: round(rendered.reduce((n, l) => n + l.score, 0) / rendered.length, 1),
      total_predicted_revenue: analyzed.reduce((n, a) => n + Math.round(a.prediction.probability * dealValue), 0),
    };
    return c.json({ status: "success" as const, data: { leads: rendered, summary } }, 200);
  })
  .openapi(getScored, async (c) => {
    const ctx = tenantCtxOf(c);
    const lead = await getLead(ctx, c.req.valid("param").id);
    const scored = (await leadTimeline(ctx, lead.id)).filter((e) => e.type === "scored");
    const history = scored.map((e, i) => {
      const score = Number(e.data?.score);
      const before = i > 0 ? Number(scored[i - 1]!.data?.score) : null;
      const event = before === null ? "lead_scored" : score > before ? "score_increased" : score < before ? "score_decreased" : "score_unchanged";
      return { timestamp: e.createdAt, event, score };
    });
    const latest = scored.at(-1)?.data;
    return c.json(
      {
        status: "success" as const,
        data: {
          id: lead.id, score: lead.score, category: lead.scoreCategory, conversion_probability: lead.conversionProbability, created_at: lead.createdAt, updated_at: lead.updatedAt,
          history, factors: (latest?.factors as { feature: string; value: unknown; effect: number }[] | undefined) ?? [], model: lead.scoringModel, lead_data: leadData(lead),
        },
      },
      200,
    );
  });

import { createRoute, z } from "@hono/zod-openapi";
import { leadTimeline, getLead } from "../../../domain/leads/leads";
import { analyzeLeads } from "../../../domain/scoring/analyze";
import { phraseRecommendations } from "../../../domain/scoring/phrasing";
import { leadScores, shown, summarize } from "../../../domain/scoring/results";
import { leadData } from "../../../domain/leads/lead-data";
import { idParam, json } from "../../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../../platform/openapi-errors";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";
import { AnalyzedLead, Factor, Summary } from "./schemas";

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

const AnalyzeResponse = z
  .object({
    status: z.literal("success"),
    data: z.object({
      leads: z.array(AnalyzedLead),
      summary: Summary,
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
  responses: { 200: { description: "Scores, predictions and a summary", content: json(AnalyzeResponse) }, ...errorResponses("scoring", TENANT_ROUTE_ERRORS) },
});

const getScored = createRoute({
  operationId: "getScoredLead", method: "get", path: "/v1/leads/{id}", tags, security,
  summary: "A lead's score, its history and the factors behind it",
  request: { params: idParam("id", "lead_abc123") },
  responses: { 200: { description: "The lead", content: json(ScoredLead) }, ...errorResponses("scoring", [...TENANT_ROUTE_ERRORS, 404]) },
});

export const leadsRouter = createRouter()
  .openapi(analyze, async (c) => {
    const ctx = tenantCtxOf(c);
    const body = c.req.valid("json");
    const options = { include_predictions: true, include_recommendations: true, ...body.options };
    const { leads: analyzed, dealValue } = await analyzeLeads(ctx, body.leads);
    const computed = leadScores(analyzed, body.leads, dealValue, ctx.now);
    const scores = options.include_recommendations ? await phraseRecommendations(ctx, computed) : computed;
    return c.json({ status: "success" as const, data: { leads: scores.map((s) => shown(s, options)) as z.infer<typeof AnalyzedLead>[], summary: summarize(scores) } }, 200);
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

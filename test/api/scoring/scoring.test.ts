import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type * as scoredLeadRoutes from "../../../src/api/scoring/leads/routes";
import type * as leadRoutes from "../../../src/api/submission/leads/routes";
import { PRIOR_INTERCEPT, priorPrediction } from "../../../src/domain/scoring/prior";
import { count } from "../../support/db";
import { call, createFlow, createTenant, type ResponseOf } from "../../support/http";

type Analysis = ResponseOf<typeof scoredLeadRoutes.analyzeLeads, 200>;
type ScoredLead = ResponseOf<typeof scoredLeadRoutes.getScoredLead, 200>;
type Submission = ResponseOf<typeof leadRoutes.submitLead, 201>;
type LeadDetail = ResponseOf<typeof leadRoutes.getLead, 200>;

// The scoring seed's request, as written.
const SEED_ANALYZE = {
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

describe("POST /v1/leads/analyze", () => {
  it("answers the seed's example in the seed's shape, scored by the prior model", async () => {
    const t = await createTenant();
    const res = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: SEED_ANALYZE });
    expect(res.status).toBe(200);
    const lead = res.json.data.leads[0]!;
    expect(lead).toEqual({
      id: expect.stringMatching(/^lead_/),
      score: expect.any(Number),
      category: expect.stringMatching(/^(hot|warm|cold)$/),
      conversion_probability: expect.any(Number),
      predicted_revenue: expect.any(Number),
      churn_risk: "high",
      recommendations: expect.arrayContaining([expect.any(String)]),
      recommendations_source: { source: "template", reason: "no model configured" },
      next_actions: [
        {
          action: expect.any(String),
          priority: expect.stringMatching(/^(high|medium|low)$/),
          deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        },
      ],
      factors: expect.any(Array),
      model: { id: "model_prior", version: 1, kind: "prior", calibrated: false },
    });
    expect(Number.isInteger(lead.score) && lead.score >= 0 && lead.score <= 100).toBe(true);
    expect(res.json.data.summary).toEqual({
      total_leads: 1,
      hot_leads: lead.category === "hot" ? 1 : 0,
      avg_score: lead.score,
      total_predicted_revenue: lead.predicted_revenue,
    });
    expect(lead.factors.find((f) => f.feature === "last_interaction_days")!.effect).toBeLessThan(0);
  });

  it("answers a lead without an email with the seed's error", async () => {
    const t = await createTenant();
    const res = await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ name: "No Mail" }] } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      status: "error",
      error: { code: "invalid_request", message: "Missing required field: email", details: { field: "email", reason: "required" } },
    });
  });

  it("scores 1,000 leads in one call, and matches them to existing leads the second time", async () => {
    const t = await createTenant("enterprise");
    const leads = Array.from({ length: 1000 }, (_, i) => ({
      email: `p${i}@corp${i % 7}.example`,
      employees: (i % 40) * 25,
      engagement_score: i % 100,
      position: i % 3 ? "Engineer" : "VP Sales",
      custom_fields: { region: i % 2 ? "emea" : "amer" },
    }));
    const first = await call("/v1/leads/analyze", { key: t.liveKey, body: { leads } });
    expect(first.status).toBe(200);
    expect(first.json.data.summary.total_leads).toBe(1000);
    const leadCount = () => count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?", t.id);
    expect(await leadCount()).toBe(1000);
    const scores = first.json.data.leads.map((l: any) => l.score);
    const hot = first.json.data.leads.filter((l: any) => l.category === "hot").length;
    expect(first.json.data.summary.hot_leads).toBe(hot);
    expect(Math.min(...scores)).toBeLessThan(20);
    expect(Math.max(...scores)).toBeGreaterThan(90);
    const second = await call("/v1/leads/analyze", { key: t.liveKey, body: { leads } });
    expect(second.json.data.leads.map((l: any) => l.id)).toEqual(first.json.data.leads.map((l: any) => l.id));
    expect(await leadCount()).toBe(1000);
    const row = await env.DB.prepare("SELECT custom_fields, source FROM leads WHERE id = ?").bind(first.json.data.leads[1].id).first<any>();
    expect(JSON.parse(row.custom_fields)).toEqual({ region: "emea" });
    expect(row.source).toBe("scoring_api");
  });

  it("keeps score history, sends lead.scored and lead.hot on crossing, and is the same lead in both dialects", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const submitted = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "cto@bigco.example", first_name: "Cy" } },
    });
    const cold = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "cto@bigco.example" }] } });
    expect(cold.json.data.leads[0]!.id).toBe(submitted.json.id);
    const hot = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: {
        leads: [
          {
            email: "cto@bigco.example",
            position: "Chief Technology Officer",
            employees: 400,
            revenue: 30000000,
            engagement_score: 100,
            last_interaction: new Date().toISOString(),
            phone: "+1 650-253-0000",
          },
        ],
      },
    });
    const [scored] = hot.json.data.leads;
    expect(scored!.category).toBe("hot");
    const detail = await call<ScoredLead>(`/v1/leads/${submitted.json.id}`, { key: t.liveKey });
    expect(detail.json).toMatchObject({
      status: "success",
      data: { id: submitted.json.id, score: scored!.score, category: "hot" },
    });
    // The seed's history begins with lead_created: this lead came in through a flow, unscored (0).
    expect(detail.json.data.history.map((h) => h.event)).toEqual(["lead_created", "lead_scored", "score_increased"]);
    expect(detail.json.data.history[0]!.score).toBe(0);
    expect(detail.json.data.history[2]!.score).toBe(scored!.score);
    const events = await env.DB.prepare(
      "SELECT event_type FROM outbox_events WHERE tenant_id = ? AND event_type IN ('lead.scored', 'lead.hot', 'prediction.updated') ORDER BY created_at, id",
    )
      .bind(t.id)
      .all<{ event_type: string }>();
    expect(events.results.map((e) => e.event_type)).toEqual(["lead.scored", "lead.scored", "lead.hot", "prediction.updated"]);
    const viaSubmission = await call<LeadDetail>(`/api/v1/leads/${submitted.json.id}`, { key: t.liveKey });
    expect(viaSubmission.json.events.map((e) => e.type)).toEqual(["received", "enhanced", "accepted", "scored", "scored"]);
    const other = await createTenant();
    expect((await call(`/v1/leads/${submitted.json.id}`, { key: other.liveKey })).status).toBe(404);
  });
});

describe("the prior model", () => {
  it("explains itself: the factors and the intercept add up to the log-odds, and the score follows the probability", () => {
    const now = new Date("2026-11-22T00:00:00Z");
    const leads = [
      SEED_ANALYZE.leads[0]!,
      { email: "a@gmail.com" },
      { email: "ceo@firm.example", position: "CEO", engagement_score: 90, last_interaction: "2026-11-20" },
    ];
    const predictions = leads.map((lead) => priorPrediction(lead, now));
    for (const p of predictions) expect(PRIOR_INTERCEPT + p.factors.reduce((n, f) => n + f.effect, 0)).toBeCloseTo(p.logOdds, 12);
    const byProbability = [...predictions].sort((a, b) => a.probability - b.probability);
    expect(byProbability.map((p) => p.score)).toEqual([...byProbability.map((p) => p.score)].sort((a, b) => a - b));
  });
});

describe("outcomes", () => {
  it("records single and bulk outcomes as labels, from the API and from intake feedback", async () => {
    const t = await createTenant();
    const analyzed = await call("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ email: "a@acme.example" }, { email: "b@acme.example" }, { email: "c@acme.example" }] },
    });
    const [a, b, c] = analyzed.json.data.leads.map((l: any) => l.id);
    const one = await call(`/v1/leads/${a}/outcome`, { key: t.liveKey, body: { converted: true, value: 48000 } });
    expect(one.json).toEqual({ status: "success", data: { lead_id: a, converted: true, value: 48000 } });
    const many = await call("/v1/leads/outcomes", {
      key: t.liveKey,
      body: {
        outcomes: [
          { lead_id: b, converted: false },
          { lead_id: "lead_nope", converted: true },
        ],
      },
    });
    expect(many.json.data).toEqual({
      recorded: 1,
      not_found: 1,
      results: [
        { lead_id: b, status: "recorded" },
        { lead_id: "lead_nope", status: "not_found" },
      ],
    });
    expect((await call("/v1/leads/lead_nope/outcome", { key: t.liveKey, body: { converted: true } })).status).toBe(404);
    const flow = await createFlow(t.liveKey);
    const submitted = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "d@acme.example" } } });
    await call(`/api/v1/leads/${submitted.json.id}/feedback`, { key: t.liveKey, body: { type: "return", reason: "wrong number" } });
    const labels = await env.DB.prepare(
      "SELECT id, converted, outcome_value FROM leads WHERE tenant_id = ? AND converted IS NOT NULL ORDER BY email",
    )
      .bind(t.id)
      .all<any>();
    expect(labels.results).toEqual([
      { id: a, converted: 1, outcome_value: 48000 },
      { id: b, converted: 0, outcome_value: null },
      { id: submitted.json.id, converted: 0, outcome_value: null },
    ]);
    expect(c).toEqual(expect.any(String));
    const other = await createTenant();
    expect((await call(`/v1/leads/${a}/outcome`, { key: other.liveKey, body: { converted: false } })).status).toBe(404);
  });
});

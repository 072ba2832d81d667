import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/database";
import { analyzeLeads } from "../../../src/domain/scoring/analyze";
import { phraseRecommendations } from "../../../src/domain/scoring/phrasing";
import { leadScores } from "../../../src/domain/scoring/results";
import { actingFor } from "../../../src/domain/tenancy/tenants";
import { call, createTenant } from "../../support/http";

const LEADS = [
  {
    email: "vp@bigco.example",
    position: "VP Sales",
    employees: 900,
    engagement_score: 92,
    last_interaction: new Date().toISOString().slice(0, 10),
  },
  { email: "intern@gmail.com", position: "Intern", employees: 3, engagement_score: 10 },
];

/** Leadedge as configured with a model at the fake OpenAI-compatible provider (test/support/fake-llm.ts). */
async function scoredWith(model: string | null) {
  const t = await createTenant();
  const configured = model
    ? { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "https://llm.provider.test/v1", OPENAI_MODEL: model, OPENAI_TIMEOUT_MS: "500" }
    : {};
  const base = {
    db: openDatabase(env.DB),
    env: { ...env, ...configured } as Env,
    now: new Date(),
    fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init),
    waitUntil: () => {},
  };
  const ctx = await actingFor(base, { tenantId: t.id, testMode: false });
  const analysis = await analyzeLeads(ctx, LEADS);
  return phraseRecommendations(ctx, leadScores(analysis.leads, analysis.dealValue, ctx.now));
}

describe("recommendations", () => {
  it("come from the deterministic rules without a model key, and say so", async () => {
    const res = await call("/v1/leads/analyze", { key: (await createTenant()).liveKey, body: { leads: LEADS } });
    for (const lead of res.json.data.leads) {
      expect(lead.recommendations_source).toEqual({ source: "template", reason: "no model configured" });
      expect(lead.recommendations.length).toBeGreaterThan(0);
    }
    const cold = res.json.data.leads[1];
    expect(cold.recommendations).toContain("Ask for a business email address");
  });

  it("are phrased by the configured model from the factors", async () => {
    const scores = await scoredWith("fake-valid");
    for (const s of scores) {
      expect(s.recommendations_source).toEqual({ source: "model", model: "fake-valid" });
      expect(s.recommendations).toEqual([`Model: call this ${s.category} lead about ${s.factors[0]?.feature ?? "their needs"}`]);
    }
  });

  it("ask again once when the answer is not JSON", async () => {
    const scores = await scoredWith("fake-invalid-then-valid");
    expect(scores.map((s) => s.recommendations_source.source)).toEqual(["model", "model"]);
  });

  it.each([
    ["fake-always-invalid", "the model's answer was not valid JSON"],
    ["fake-wrong-shape", "the model's answer did not fit: leads: Invalid input: expected array, received undefined"],
    ["fake-500", "the model provider answered 500"],
    ["fake-slow", "the model did not answer within 0.5 s"],
  ])("fall back to the rules when the model fails (%s)", async (model, reason) => {
    const scores = await scoredWith(model);
    const rules = await scoredWith(null);
    expect(scores.map((s) => s.recommendations)).toEqual(rules.map((s) => s.recommendations));
    for (const s of scores) expect(s.recommendations_source).toEqual({ source: "template", reason });
  });
});

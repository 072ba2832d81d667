import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../../../src/db/schema";
import { leadData } from "../../../src/domain/leads/lead-data";
import { featurize } from "../../../src/domain/scoring/features";
import { modelPrediction } from "../../../src/domain/scoring/model-scorer";
import { call, createTenant, type TestTenant } from "../../support/http";
import { settled } from "../../support/workflows";

const db = drizzle(env.DB, { schema });

/**
 * Leads whose outcome follows two custom fields; `inverted` turns the rule around (a new regime);
 * without `webinar`, attending the webinar does not matter.
 */
function population(n: number, seed: number, inverted = false, webinar = true) {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: n }, (_, i) => {
    const band = random() < 0.5 ? "high" : "low";
    const attended = random() < 0.4;
    const chance = 0.08 + (band === "high" ? 0.35 : 0) + (attended && webinar ? 0.4 : 0);
    return {
      lead: { email: `buyer${seed}-${i}@corp${i % 13}.example`, custom_fields: { budget_band: band, webinar_attended: attended } },
      converted: random() < (inverted ? 1 - chance : chance),
    };
  });
}

async function label(t: TestTenant, people: ReturnType<typeof population>) {
  const analyzed = (await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: people.map((p) => p.lead) } })).json.data.leads;
  await call("/v1/leads/outcomes", {
    key: t.liveKey,
    body: { outcomes: people.map((p, i) => ({ lead_id: analyzed[i].id, converted: p.converted })) },
  });
  return analyzed;
}

/** A tenant with an active model trained on 600 leads of the first regime. */
async function trainedTenant(workflows: Awaited<ReturnType<typeof introspectWorkflow>>, webinar = true) {
  const t = await createTenant("enterprise");
  await label(t, population(600, 11, false, webinar));
  const [result] = await settled(workflows, 1);
  expect(result).toMatchObject({ status: "active" });
  const [model] = (await call("/v1/models", { key: t.liveKey })).json.data;
  return { t, model };
}

const demotions = async (tenantId: string) =>
  (
    await env.DB.prepare("SELECT payload FROM outbox_events WHERE tenant_id = ? AND event_type = 'model.demoted'")
      .bind(tenantId)
      .all<{ payload: string }>()
  ).results.map((r) => JSON.parse(r.payload));

describe("a model watched live", () => {
  it("scores a new lead on the same features it is trained on", async () => {
    await using workflows = await introspectWorkflow(env.MODEL_TRAINING);
    const { t, model } = await trainedTenant(workflows);
    // No `source` (analyze stores "scoring_api"), a number in a standard text field, a custom one.
    const input = { email: "new@corp1.example", campaign: 7, custom_fields: { budget_band: "high", webinar_attended: true } };
    const [scored] = (await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: [input] } })).json.data.leads;
    const row = await db.query.scoringModels.findFirst({ where: (m, { eq }) => eq(m.id, model.id) });
    const lead = await db.query.leads.findFirst({ where: (l, { eq }) => eq(l.id, scored.id) });
    const event = await db.query.leadEvents.findFirst({ where: (e, { and, eq }) => and(eq(e.leadId, scored.id), eq(e.type, "scored")) });
    // What training will read of this lead, featurized, scores exactly what analyze scored.
    const trainedOn = leadData(lead!);
    expect(trainedOn).toMatchObject({ source: "scoring_api", campaign: "7", budget_band: "high" });
    expect(event!.data!.probability).toBe(modelPrediction(row!, trainedOn, new Date()).probability);
    const spec = row!.parameters!.spec;
    expect(featurize(spec, trainedOn, new Date()).labels).toContain("source=scoring_api");
  });

  it("keeps a model whose live outcomes follow what it learned, and shows its live figures", async () => {
    await using workflows = await introspectWorkflow(env.MODEL_TRAINING);
    const { t, model } = await trainedTenant(workflows);
    // 115 outcomes: under the 120 that start a retraining, over 30 of each class.
    const steady = population(115, 31);
    await label(t, steady);
    const shown = (await call(`/v1/models/${model.id}`, { key: t.liveKey })).json.data;
    const positives = steady.filter((p) => p.converted).length;
    expect(shown).toMatchObject({ status: "active", reason: null, live: { window: 115, outcomes: 115, positives } });
    expect(shown.live.model.auc).toBeGreaterThan(shown.live.prior.auc + 0.1);
    expect(shown.live.calibration).toHaveLength(10);
    expect(shown.live.demotion_rule).toContain("below the prior's");
    expect(await demotions(t.id)).toEqual([]);
    // Outcomes recorded again for the same leads are not new live tests.
    await label(t, steady);
    expect((await call(`/v1/models/${model.id}`, { key: t.liveKey })).json.data.live.outcomes).toBe(115);
  });

  it("demotes a model when a regime change inverts what it learned, falls back to the prior and retrains", async () => {
    await using workflows = await introspectWorkflow(env.MODEL_TRAINING);
    const { t, model } = await trainedTenant(workflows);
    const changed = population(115, 41, true);
    await label(t, changed);
    const shown = (await call(`/v1/models/${model.id}`, { key: t.liveKey })).json.data;
    expect(shown).toMatchObject({ status: "demoted", reason: expect.stringMatching(/^live AUC 0\.\d{3} below the prior's 0\.\d{3}/) });
    expect(shown.live.model.auc).toBeLessThan(shown.live.prior.auc);
    const [event] = await demotions(t.id);
    expect(event).toMatchObject({
      event: "model.demoted",
      data: {
        model_id: model.id,
        version: 1,
        reason: shown.reason,
        live: { outcomes: 115, positives: changed.filter((p) => p.converted).length },
        fallback: { id: "model_prior", version: 1, kind: "prior" },
      },
    });
    // A training starts at once on the outcomes that include the new regime.
    const outputs = await settled(workflows, 2);
    expect(outputs).toHaveLength(2);
    const versions = (await call("/v1/models", { key: t.liveKey })).json.data.map((m: any) => [m.version, m.status]);
    expect(versions[1]).toEqual([1, "demoted"]);
    const [rescored] = (await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: [changed[0]!.lead] } })).json.data.leads;
    expect(rescored.model.id).not.toBe(model.id);
  });

  it("falls back to the previous good model, not the prior, when there is one", async () => {
    await using workflows = await introspectWorkflow(env.MODEL_TRAINING);
    // The first model learned a world where the webinar did not matter; in the next 400 leads it
    // does, so the second model beats it on the leads it never saw and is promoted.
    const { t, model: first } = await trainedTenant(workflows, false);
    await label(t, population(400, 51));
    await settled(workflows, 2);
    const [second] = (await call("/v1/models", { key: t.liveKey })).json.data;
    expect([second.version, second.status, second.reason]).toEqual([2, "active", null]);
    await label(t, population(115, 61, true));
    const [event] = await demotions(t.id);
    expect(event.data).toMatchObject({ model_id: second.id, fallback: { id: first.id, version: 1, kind: "logistic" } });
    expect((await call(`/v1/models/${first.id}`, { key: t.liveKey })).json.data.status).toBe("active");
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type * as scoredLeadRoutes from "../../../src/api/scoring/leads/routes";
import { createBatch } from "../../../src/domain/scoring/batches";
import { count } from "../../support/db";
import { call, createFlow, createTenant, type ResponseOf } from "../../support/http";
import { deliver, heldQueue } from "../../support/queue";

type Analysis = ResponseOf<typeof scoredLeadRoutes.analyzeLeads, 200>;

const DATE_ERROR = "last_interaction must be an ISO 8601 date";
const leadCount = (tenantId: string) => count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?", tenantId);

describe("POST /v1/leads/analyze refuses values that are not of their kind", () => {
  it("answers 400 naming last_interaction for a date that is no date, and writes nothing", async () => {
    const t = await createTenant();
    for (const last_interaction of ["2025-13-01", "last week", 1699459200]) {
      const res = await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "a@b.example", last_interaction }] } });
      expect(res.status, String(last_interaction)).toBe(400);
      expect(res.json).toEqual({
        status: "error",
        error: { code: "invalid_request", message: DATE_ERROR, details: { field: "last_interaction", reason: "invalid_format" } },
      });
    }
    expect(await leadCount(t.id)).toBe(0);
  });

  it("answers 400 naming email for an address that is not one, and the number field for a word", async () => {
    const t = await createTenant();
    const email = await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "john" }] } });
    expect(email.status).toBe(400);
    expect(email.json).toEqual({
      status: "error",
      error: { code: "invalid_request", message: "Email format is invalid", details: { field: "email", reason: "invalid_format" } },
    });
    const employees = await call("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ email: "ok@acme.example" }, { email: "b@acme.example", employees: "fifty" }] },
    });
    expect(employees.status).toBe(400);
    expect(employees.json).toEqual({
      status: "error",
      error: {
        code: "invalid_request",
        message: "employees must be a number (leads[1])",
        details: { field: "employees", reason: "invalid_type" },
      },
    });
    expect(await leadCount(t.id)).toBe(0);
  });
});

describe("POST /v1/leads/batch with a lead whose values are not of their kind", () => {
  const leads = [
    { email: "one@acme.example", employees: 40 },
    { email: "two@acme.example", last_interaction: "2025-13-01" },
    { email: "three@acme.example", employees: "fifty" },
    { email: "four@acme.example", engagement_score: 80 },
  ];
  const errors = [
    { chunk: 0, leads: 1, index: 1, field: "last_interaction", error: DATE_ERROR },
    { chunk: 0, leads: 1, index: 2, field: "employees", error: "employees must be a number" },
  ];

  it("with async: false scores the good leads and reports each bad one as its own error", async () => {
    const t = await createTenant();
    const res = await call("/v1/leads/batch", { key: t.liveKey, body: { leads, async: false } });
    expect(res.status).toBe(200);
    const data = res.json.data;
    expect(data.status).toBe("completed");
    expect(data.progress).toEqual({ total_chunks: 1, chunks_done: 1, scored_leads: 2, failed_leads: 2, percent: 100 });
    expect(data.results.errors).toEqual(errors);
    const stored = await env.DB.prepare("SELECT id, email FROM leads WHERE tenant_id = ? ORDER BY email").bind(t.id).all();
    expect(stored.results.map((r) => r.email)).toEqual(["four@acme.example", "one@acme.example"]);
    expect(data.results.leads.map((l: { id: string }) => l.id)).toEqual([
      stored.results.find((r) => r.email === "one@acme.example")!.id,
      stored.results.find((r) => r.email === "four@acme.example")!.id,
    ]);
    // The errors are stored with the chunk; one scored before they were (its lead_errors NULL)
    // reports the same, worked out again from its leads.
    expect(await env.DB.prepare("SELECT lead_errors FROM scoring_batch_chunks WHERE batch_id = ?").bind(data.batch_id).first()).toEqual({
      lead_errors: JSON.stringify(errors.map(({ chunk: _, leads: __, ...e }) => e)),
    });
    await env.DB.prepare("UPDATE scoring_batch_chunks SET lead_errors = NULL WHERE batch_id = ?").bind(data.batch_id).run();
    const read = await call(`/v1/leads/batch/${data.batch_id}`, { key: t.liveKey });
    expect(read.json.data.results.errors).toEqual(errors);
  });

  it("with async: true acknowledges the chunk on its first delivery instead of retrying it into the dead-letter queue", async () => {
    const t = await createTenant();
    const { ctx, sent } = await heldQueue(t.id);
    const { view } = await createBatch(ctx, { leads, async: true, options: { include_predictions: true, include_recommendations: true } });
    const delivery = await deliver("leadedge-jobs", sent);
    expect(delivery.explicitAcks).toHaveLength(1);
    expect(delivery.retryMessages).toEqual([]);
    const done = (await call(`/v1/leads/batch/${view.batch.id}`, { key: t.liveKey })).json.data;
    expect(done.status).toBe("completed");
    expect(done.progress).toMatchObject({ scored_leads: 2, failed_leads: 2 });
    expect(done.results.leads).toHaveLength(2);
    expect(done.results.errors).toEqual(errors);
    expect(await leadCount(t.id)).toBe(2);
  });
});

describe("POST /v1/leads/analyze for a known lead", () => {
  const row = (id: string) =>
    env.DB.prepare("SELECT email, phone, first_name, position, employees, engagement_score, source, custom_fields FROM leads WHERE id = ?")
      .bind(id)
      .first<Record<string, unknown>>();

  it("scores the stored lead with the request's fields over it, and stores the request's fields", async () => {
    const t = await createTenant();
    const cto = { position: "Chief Technology Officer", employees: 300, custom_fields: { region: "emea" } };
    const first = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "cy@bigco.example", ...cto }] } });
    const id = first.json.data.leads[0]!.id;
    const again = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ email: "cy@bigco.example", engagement_score: 90, tier: "a" }] },
    });
    // The same attributes sent at once to a new lead: the score the known lead must now have.
    const whole = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ email: "di@bigco.example", ...cto, engagement_score: 90, custom_fields: { region: "emea", tier: "a" } }] },
    });
    expect(again.json.data.leads[0]!.id).toBe(id);
    expect(again.json.data.leads[0]!.score).toBe(whole.json.data.leads[0]!.score);
    expect(again.json.data.leads[0]!.score).toBeGreaterThan(first.json.data.leads[0]!.score);
    expect(await row(id)).toEqual({
      email: "cy@bigco.example",
      phone: null,
      first_name: null,
      position: "Chief Technology Officer",
      employees: 300,
      engagement_score: 90,
      source: "scoring_api",
      custom_fields: JSON.stringify({ region: "emea", tier: "a" }),
    });
  });

  it("keeps a lead's stored email, phone and source when the request leaves them blank", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const submitted = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "fay@acme.example", first_name: "Fay", phone: "+1 650-253-0001" } },
    });
    const before = await row(submitted.json.id);
    const res = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ email: "FAY@acme.example ", phone: "", first_name: " ", position: "VP Sales" }] },
    });
    expect(res.json.data.leads[0]!.id).toBe(submitted.json.id);
    expect(await row(submitted.json.id)).toEqual({ ...before, position: "VP Sales" });
    expect(before).toMatchObject({ email: "fay@acme.example", phone: "+16502530001", first_name: "Fay" });
  });

  it("finds a submitted lead whose address has capitals, whatever the case analyze is sent", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const submitted = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "Gus.Ho@Acme.example" } } });
    for (const email of ["Gus.Ho@acme.example", "gus.ho@acme.example"]) {
      const res = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email }] } });
      expect(res.json.data.leads[0]!.id).toBe(submitted.json.id);
    }
    expect(await leadCount(t.id)).toBe(1);
  });
});

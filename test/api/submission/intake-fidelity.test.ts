import { describe, expect, it } from "vitest";
import type * as leadRoutes from "../../../src/api/submission/leads/routes";
import { call, createFlow, createTenant, type ResponseOf } from "../../support/http";

type Submission = ResponseOf<typeof leadRoutes.submitLead, 201>;
type LeadDetail = ResponseOf<typeof leadRoutes.getLead, 200>;

describe("lead submission as the seed's client reads it", () => {
  it("answers options.timeout above the platform's 30 s with 400 naming the limit", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "slow@acme.example" }, options: { async: false, timeout: 45_000 } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ field: "options.timeout", code: "too_large", message: expect.stringContaining("30000") }]);
    const atLimit = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "ok@acme.example" }, options: { async: true, timeout: 30_000 } },
    });
    expect(atLimit.status).toBe(201);
  });

  it("answers pricing as the seed's object, amount 0 when the flow sets no price, never null", async () => {
    const t = await createTenant();
    const free = await createFlow(t.liveKey, { name: "Free", settings: { acceptance_criteria: "lead.age >= 21" } });
    const accepted = await call<Submission>(`/api/v1/flows/${free.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "grown@acme.example", age: 30 } },
    });
    expect(accepted.json).toMatchObject({ status: "accepted", pricing: { amount: 0, currency: "USD" } });
    const rejected = await call<Submission>(`/api/v1/flows/${free.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "young@acme.example", age: 19 } },
    });
    expect(rejected.json).toMatchObject({ status: "rejected", pricing: { amount: 0, currency: "USD" } });
    const detail = await call<LeadDetail>(`/api/v1/leads/${rejected.json.id}`, { key: t.liveKey });
    expect(detail.json.pricing).toEqual({ amount: 0, currency: "USD" });

    const priced = await createFlow(t.liveKey, {
      name: "Priced",
      settings: { acceptance_criteria: "lead.age >= 21", pricing: { amount: 12.5, currency: "EUR" } },
    });
    const sold = await call<Submission>(`/api/v1/flows/${priced.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "a@acme.example", age: 40 } },
    });
    expect(sold.json.pricing).toEqual({ amount: 12.5, currency: "EUR" });
    const unsold = await call<Submission>(`/api/v1/flows/${priced.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "b@acme.example", age: 18 } },
    });
    expect(unsold.json.pricing).toEqual({ amount: 0, currency: "EUR" });

    const spec = await call("/openapi.json");
    for (const name of ["LeadSubmissionResult", "LeadDetail"]) {
      const schema = spec.json.components.schemas[name];
      expect(schema.required).toContain("pricing");
      expect(schema.properties.pricing.nullable).toBeUndefined();
      expect(schema.properties.pricing.type).toBe("object");
      expect(schema.properties.pricing.required).toEqual(["amount", "currency"]);
    }
  });

  it("reports the enhanced event as failure when a check failed, naming which", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const bad = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "zip@acme.example", postal_code: "12", country: "US" } },
    });
    expect(bad.status).toBe(201);
    const enhanced = bad.json.events.find((e) => e.type === "enhanced");
    expect(enhanced).toMatchObject({ outcome: "failure", failed_checks: ["postal_code"], reason: "postal_code failed" });
    const detail = await call<LeadDetail>(`/api/v1/leads/${bad.json.id}`, { key: t.liveKey });
    expect(detail.json.events.find((e) => e.type === "enhanced")).toMatchObject({ outcome: "failure", failed_checks: ["postal_code"] });

    const good = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "zip2@acme.example", postal_code: "94107", country: "US" } },
    });
    const fine = good.json.events.find((e) => e.type === "enhanced");
    expect(fine?.outcome).toBe("success");
    expect(fine).not.toHaveProperty("failed_checks");
  });

  it("lets a live key read its own test-mode leads by id, and list them only when asked", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const single = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "sandbox@acme.example", source: "qa" }, options: { test_mode: true } },
    });
    expect(single.json.test_mode).toBe(true);
    const read = await call<LeadDetail>(`/api/v1/leads/${single.json.id}`, { key: t.liveKey });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: single.json.id, test_mode: true });

    const batch = await call(`/api/v1/flows/${flow.id}/leads/batch`, {
      key: t.liveKey,
      body: { leads: [{ lead: { email: "batch-test@acme.example", source: "qa" } }], options: { test_mode: true } },
    });
    const batchLead = batch.json.results[0].lead_id as string;
    expect((await call<LeadDetail>(`/api/v1/leads/${batchLead}`, { key: t.liveKey })).json.test_mode).toBe(true);

    const live = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "real@acme.example", source: "qa" } },
    });
    const plain = await call(`/api/v1/leads?source=qa`, { key: t.liveKey });
    expect(plain.json.leads.map((l: { id: string }) => l.id)).toEqual([live.json.id]);
    const asked = await call(`/api/v1/leads?source=qa&test_mode=true`, { key: t.liveKey });
    expect(asked.json.total_count).toBe(2);
    expect(asked.json.leads.map((l: { id: string }) => l.id).sort()).toEqual([single.json.id, batchLead].sort());

    // Test leads a test key made in its own flows stay the test key's alone.
    const testFlow = await createFlow(t.testKey);
    const fromTestKey = await call<Submission>(`/api/v1/flows/${testFlow.id}/leads`, {
      key: t.testKey,
      body: { lead: { email: "tk@acme.example", source: "qa" } },
    });
    expect((await call(`/api/v1/leads/${fromTestKey.json.id}`, { key: t.liveKey })).status).toBe(404);
    expect((await call(`/api/v1/leads?source=qa&test_mode=true`, { key: t.liveKey })).json.total_count).toBe(2);
    const testKeyList = await call(`/api/v1/leads?source=qa`, { key: t.testKey });
    expect(testKeyList.json.total_count).toBe(3);
  });
});

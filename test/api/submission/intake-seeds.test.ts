import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SEED_BATCH, SEED_FLOW_CONFIGURATION, SEED_SETTINGS, SEED_SUBMIT_LEAD } from "../../../src/api/submission/leads/seed-examples";
import { call, createFlow, createTenant } from "../../support/http";

/** The seed's search query string, with our flow id in place of flow_789xyz. */
const seedSearchQuery = (flowId: string) => `flow_id=${flowId}&created_after=2024-01-01T00:00:00Z&status=delivered&limit=100&offset=0`;

const event = (type: string, extra: Record<string, unknown> = {}) =>
  expect.objectContaining({ id: expect.stringMatching(/^evt_/), type, timestamp: expect.any(String), outcome: "success", ...extra });

describe("lead submission seed examples, sent as written", () => {
  it("POST /flows/{flow_id}/leads answers 201 in the seed's shape", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, { name: "Main Lead Processing Flow", settings: { pricing: { amount: 25, currency: "USD" } } });
    const res = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: SEED_SUBMIT_LEAD });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^lead_/),
      status: "accepted",
      flow_id: flow.id,
      created_at: expect.any(String),
      test_mode: false,
      events: [
        event("received"),
        // The seed's 555 number is unassigned, so the phone check fails and the event says so.
        event("enhanced", {
          enhancements: expect.arrayContaining(["email_validation", "phone_format"]),
          outcome: "failure",
          failed_checks: ["phone_format"],
          reason: "phone_format failed",
        }),
        event("accepted"),
      ],
      quality_score: expect.any(Number),
      pricing: { amount: 25, currency: "USD" },
    });
    const row = await env.DB.prepare("SELECT phone, custom_fields, trusted_form_cert_url, enhancements FROM leads WHERE id = ?")
      .bind(res.json.id)
      .first<any>();
    expect(row.phone).toBe("+15551234567");
    expect(JSON.parse(row.custom_fields)).toEqual({ custom_field_12345: "premium_customer" });
    expect(row.trusted_form_cert_url).toBe("https://cert.trustedform.com/...");
    // The seed's 555 number is well formed but unassigned: accepted, marked, and it costs quality.
    expect(JSON.parse(row.enhancements).phone_validation).toMatchObject({ status: "invalid", e164: "+15551234567" });
    expect(res.json.quality_score).toBeLessThan(0.9);
  });

  it("POST /flows/{flow_id}/leads/batch answers 207, one result per lead", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const earlier = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { first_name: "Jane", email: "jane@example.com" } },
    });
    const res = await call(`/api/v1/flows/${flow.id}/leads/batch`, { key: t.liveKey, body: SEED_BATCH });
    expect(res.status).toBe(207);
    expect(res.json).toEqual({
      batch_id: expect.stringMatching(/^batch_/),
      total_leads: 2,
      successful: 1,
      failed: 1,
      not_processed: 0,
      results: [
        { external_id: "lead_001", status: "success", lead_id: expect.stringMatching(/^lead_/), quality_score: expect.any(Number) },
        {
          external_id: "lead_002",
          status: "error",
          lead_id: expect.stringMatching(/^lead_/),
          error: { code: "duplicate_detected", message: "Lead matches existing record", duplicate_of: earlier.json.id },
        },
      ],
    });
  });

  it("GET /leads/{lead_id} answers with lead_data, enhancements, events and quality_metrics", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const submitted = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: SEED_SUBMIT_LEAD });
    const res = await call(`/api/v1/leads/${submitted.json.id}`, { key: t.liveKey });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: submitted.json.id,
      flow_id: flow.id,
      status: "accepted",
      lead_data: {
        first_name: "John",
        last_name: "Doe",
        email: "john.doe@example.com",
        phone: "+15551234567",
        postal_code: "90210",
        custom_field_12345: "premium_customer",
      },
      enhancements: {
        email_validation: {
          status: "valid",
          is_free: false,
          is_disposable: false,
          sources: { disposable: "disposable-email-domains@1.0.62", free_mail: null },
        },
        phone_validation: { status: "invalid", line_type: expect.any(String) },
      },
      events: [event("received"), event("enhanced", { outcome: "failure", failed_checks: ["phone_format"] }), event("accepted")],
      quality_metrics: {
        overall_score: submitted.json.quality_score,
        completeness: 1,
        accuracy: expect.any(Number),
        fraud_risk: expect.any(Number),
      },
    });
  });

  it("GET /leads with the seed's query answers in the pagination envelope", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: SEED_SUBMIT_LEAD });
    const res = await call(`/api/v1/leads?${seedSearchQuery(flow.id)}`, { key: t.liveKey });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ total_count: 0, page_count: 0, current_page: 1, per_page: 100, leads: [] });
    const accepted = await call(`/api/v1/leads?flow_id=${flow.id}&created_after=2024-01-01T00:00:00Z&status=accepted&limit=100&offset=0`, {
      key: t.liveKey,
    });
    expect(accepted.json).toMatchObject({ total_count: 1, page_count: 1, current_page: 1, per_page: 100 });
    expect(accepted.json.leads[0]).toEqual({
      id: expect.any(String),
      flow_id: flow.id,
      created_at: expect.any(String),
      status: "accepted",
      quality_score: expect.any(Number),
      source: "website_form",
      campaign: "summer_2024",
    });
  });

  it("GET /flows and GET /flows/{flow_id} answer in the seed's shapes with computed statistics", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "Main Lead Processing Flow",
      description: "Primary flow for website lead processing",
      configuration: SEED_FLOW_CONFIGURATION,
    });
    const one = await call(`/api/v1/flows/${flow.id}`, { key: t.liveKey });
    expect(one.json).toMatchObject({
      id: flow.id,
      name: "Main Lead Processing Flow",
      status: "active",
      description: "Primary flow for website lead processing",
      configuration: SEED_FLOW_CONFIGURATION,
    });
    await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "a@acme-corp.example", phone: "+1 650-253-0000", age: 30 } },
    });
    await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "b@acme-corp.example", phone: "+1 650-253-0001", age: 12 } },
    });
    const list = await call("/api/v1/flows", { key: t.liveKey });
    expect(list.json.flows).toEqual([
      {
        id: flow.id,
        name: "Main Lead Processing Flow",
        status: "active",
        created_at: expect.any(String),
        updated_at: expect.any(String),
        statistics: { total_leads: 2, acceptance_rate: 0.5, average_quality: expect.any(Number) },
      },
    ]);
    expect(list.json.flows[0].statistics.average_quality).toBeGreaterThan(0);
  });

  it("PUT /flows/{flow_id}/settings takes the seed's body and answers with the settings", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const res = await call(`/api/v1/flows/${flow.id}/settings`, { key: t.liveKey, method: "PUT", body: SEED_SETTINGS });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ flow_id: flow.id, updated_at: expect.any(String), settings: SEED_SETTINGS.settings });
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type * as flowRoutes from "../../../src/api/submission/flows/routes";
import type * as leadRoutes from "../../../src/api/submission/leads/routes";
import { count } from "../../support/db";
import { call, createFlow, createTenant, type ResponseOf } from "../../support/http";

type Submission = ResponseOf<typeof leadRoutes.submitLead, 201>;
type LeadDetail = ResponseOf<typeof leadRoutes.getLead, 200>;
type Explanation = ResponseOf<typeof flowRoutes.explainRules, 200>;
type FlowList = ResponseOf<typeof flowRoutes.listFlows, 200>;

describe("lead intake", () => {
  it("answers validation failures with 400, one detail per field, and stores nothing", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "F",
      configuration: { steps: [{ type: "source", name: "Form", settings: { required_fields: ["email", "phone"] } }] },
    });
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "not an email", employees: "many" } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "validation_failed", message: "Lead validation failed", request_id: expect.any(String) });
    expect(res.json.error.details).toEqual([
      { field: "employees", code: "invalid_type", message: "employees must be a number" },
      { field: "email", code: "invalid_format", message: "Email format is invalid" },
      { field: "phone", code: "missing_required", message: "phone is required" },
    ]);
    const phone = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "a@b.example", phone: "12" } } });
    expect(phone.json.error.details).toEqual([{ field: "phone", code: "invalid_format", message: "Phone number is invalid" }]);
    const cert = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "a@b.example", phone: "+1 650-253-0000" }, trusted_form_cert_url: "https://evil.example/cert" },
    });
    expect(cert.json.error.details).toEqual([
      { field: "trusted_form_cert_url", code: "invalid_format", message: "trusted_form_cert_url must be an https URL on trustedform.com" },
    ]);
    const missingLead = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: {} });
    expect(missingLead.json.error.details[0]).toMatchObject({ field: "lead", code: "missing_required" });
    expect(await count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?", t.id)).toBe(0);
  });

  it("lets a flow require what comes beside the lead: external_id and the TrustedForm certificate, under either name", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "F",
      configuration: { steps: [{ type: "source", name: "Form", settings: { required_fields: ["trustedform_cert_url", "external_id"] } }] },
    });
    const submit = (body: Record<string, unknown>) => call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body });
    const both = await submit({
      lead: { email: "john.doe@example.com", external_id: "crm-1" },
      trusted_form_cert_url: "https://cert.trustedform.com/abc",
    });
    expect(both.status).toBe(201);
    expect(both.json.status).toBe("accepted");
    const neither = await submit({ lead: { email: "jane.doe@example.com" }, external_id: "" });
    expect(neither.status).toBe(400);
    expect(neither.json.error.details).toEqual([
      { field: "trusted_form_cert_url", code: "missing_required", message: "trusted_form_cert_url is required" },
      { field: "external_id", code: "missing_required", message: "external_id is required" },
    ]);
  });

  it("takes a flow's default_country only if its national phone numbers can be read, then reads them", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const put = (default_country: string) =>
      call(`/api/v1/flows/${flow.id}/settings`, { key: t.liveKey, method: "PUT", body: { settings: { default_country } } });
    const uk = await put("UK");
    expect(uk.status).toBe(400);
    expect(uk.json.error.details).toEqual([
      expect.objectContaining({
        field: "settings.default_country",
        message: "an ISO 3166-1 alpha-2 code of a country whose phone numbers are known (GB, not UK)",
      }),
    ]);
    expect((await put("GB")).status).toBe(200);
    const lead = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "gb@acme.example", phone: "07911 123456" } },
    });
    expect(lead.status).toBe(201);
    expect((await call(`/api/v1/leads/${lead.json.id}`, { key: t.liveKey })).json.lead_data.phone).toBe("+447911123456");
  });

  it("rejects by rule with 201, the reason and the rule that failed, and records the timeline", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, { name: "F", settings: { acceptance_criteria: "lead.age >= 21 && lead.income >= 50000" } });
    const res = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "young@acme.example", age: 19, custom_fields: { income: 90000 } } },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: "rejected",
      reason: "acceptance_criteria_failed",
      rule: "lead.age >= 21",
      message: expect.stringContaining("19"),
      pricing: { amount: 0, currency: "USD" },
    });
    expect(res.json.events.map((e) => [e.type, e.outcome])).toEqual([
      ["received", "success"],
      ["enhanced", "success"],
      ["rejected", "failure"],
    ]);
    const ok = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "grown@acme.example", age: "34", income: "72000" } },
    });
    expect(ok.json.status).toBe("accepted");
    const events = await env.DB.prepare("SELECT type FROM lead_events WHERE lead_id = ? ORDER BY created_at, id")
      .bind(res.json.id)
      .all<{ type: string }>();
    expect(events.results.map((e) => e.type)).toEqual(["received", "enhanced", "rejected"]);
    const outbox = await env.DB.prepare("SELECT event_type FROM outbox_events WHERE tenant_id = ? ORDER BY event_type")
      .bind(t.id)
      .all<{ event_type: string }>();
    expect(outbox.results.map((e) => e.event_type)).toEqual(["lead.accepted", "lead.received", "lead.received", "lead.rejected"]);
  });

  it("compiles acceptance criteria when saved: a bad one is 400 naming the position", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const res = await call(`/api/v1/flows/${flow.id}/settings`, {
      key: t.liveKey,
      method: "PUT",
      body: { settings: { acceptance_criteria: "lead.age >= " } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0]).toMatchObject({
      field: "settings.acceptance_criteria",
      code: "invalid_expression",
      position: expect.any(Number),
    });
    const unknown = await call("/api/v1/flows", {
      key: t.liveKey,
      body: { name: "X", configuration: { steps: [{ type: "source", name: "S", settings: { acceptance_criteria: "leed.age > 1" } }] } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details[0]).toMatchObject({ field: "configuration.steps[0].settings.acceptance_criteria", position: 0 });
  });

  it("rejects leads under the quality threshold and prices only accepted leads", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "F",
      settings: { quality_threshold: 0.6, pricing: { amount: 12.5, currency: "EUR" } },
    });
    const thin = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "x@mailinator.com" } },
    });
    expect(thin.json).toMatchObject({ status: "rejected", reason: "quality_below_threshold", pricing: { amount: 0, currency: "EUR" } });
    const rich = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: {
        lead: {
          first_name: "ada",
          last_name: "LOVELACE",
          email: "ada@analytical.example",
          phone: "+1 650-253-0000",
          address: "1 Loop",
          city: "palo alto",
          state: "CA",
          postal_code: "94304",
          source: "web",
          campaign: "q4",
        },
      },
    });
    expect(rich.json).toMatchObject({ status: "accepted", pricing: { amount: 12.5, currency: "EUR" } });
    const lead = await call<LeadDetail>(`/api/v1/leads/${rich.json.id}`, { key: t.liveKey });
    expect(lead.json.lead_data).toMatchObject({ first_name: "Ada", last_name: "Lovelace", city: "Palo Alto", name: "Ada Lovelace" });
  });

  it("explains a decision rule by rule without storing or counting anything", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "F",
      settings: { acceptance_criteria: "lead.age >= 21 && !email.is_disposable", quality_threshold: 0.1, volume_cap: { hourly_limit: 5 } },
    });
    const res = await call<Explanation>(`/api/v1/flows/${flow.id}/rules/explain`, {
      key: t.liveKey,
      body: { lead: { email: "kid@mailinator.com", age: 17 } },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ would_accept: false, status: "rejected", reason: "acceptance_criteria_failed", duplicate_of: null });
    expect(res.json.checks.map((c: any) => [c.check, c.passed])).toEqual([
      ["acceptance_criteria", false],
      ["acceptance_criteria", false],
      ["quality_threshold", true],
      ["duplicate", true],
      ["volume_cap", true],
    ]);
    expect(res.json.volume_caps).toEqual([{ name: "hourly", limit: 5, used: 0, remaining: 5, resets_at: expect.any(String) }]);
    expect(await count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?", t.id)).toBe(0);
    const invalid = await call(`/api/v1/flows/${flow.id}/rules/explain`, { key: t.liveKey, body: { lead: { email: "nope" } } });
    expect(invalid.json).toMatchObject({
      status: "invalid",
      reason: "validation_failed",
      validation: [{ field: "email", code: "invalid_format" }],
    });
  });

  it("detects duplicates by external_id always, and by the flow's keys within the window", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "F",
      settings: { duplicate_policy: { keys: ["email", "phone"], match: "all", window_days: 7 } },
    });
    const post = (lead: Record<string, unknown>, external_id?: string) =>
      call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead, external_id } });
    const first = await post({ email: "Dup@Acme.example", phone: "+1 650-253-0000" }, "ext-1");
    expect(first.json.status).toBe("accepted");
    expect((await post({ email: "dup@acme.example", phone: "+1 650 253 0000" })).json).toMatchObject({
      status: "rejected",
      reason: "duplicate_detected",
      duplicate_of: first.json.id,
    });
    expect((await post({ email: "dup@acme.example", phone: "+1 650 253 0001" })).json.status).toBe("accepted");
    expect((await post({ email: "other@acme.example" }, "ext-1")).json).toMatchObject({
      reason: "duplicate_detected",
      duplicate_of: first.json.id,
    });
    const otherFlow = await createFlow(t.liveKey);
    expect(
      (
        await call(`/api/v1/flows/${otherFlow.id}/leads`, {
          key: t.liveKey,
          body: { lead: { email: "dup@acme.example" }, external_id: "ext-1" },
        })
      ).json.status,
    ).toBe("accepted");
  });

  it("calls the configured mailbox provider when a step asks, and rejects undeliverable mail when required", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "F",
      configuration: {
        steps: [
          {
            type: "enhancement",
            name: "Email Validation",
            service: "email_validator",
            settings: { check_deliverability: true, require_valid: true },
          },
          { type: "enhancement", name: "Carrier", service: "phone_validator", settings: { lookup_carrier: true } },
        ],
      },
    });
    const good = await call<Submission>(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "real@acme.example", phone: "+1 650-253-0000" } },
    });
    expect(good.json.status).toBe("accepted");
    const detail = await call<LeadDetail>(`/api/v1/leads/${good.json.id}`, { key: t.liveKey });
    expect(detail.json.enhancements.email_validation).toMatchObject({
      deliverable: true,
      provider: { provider: "mailbox_verify", status: "success" },
      sources: { disposable: "disposable-email-domains@1.0.62", free_mail: null },
    });
    expect(detail.json.enhancements.phone_validation).toMatchObject({ carrier: "Verizon", line_type: "mobile" });
    const bounce = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "bounce@acme.example" } } });
    expect(bounce.json).toMatchObject({ status: "rejected", reason: "enhancement_failed", rule: "Email Validation: valid email required" });
    const outage = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "outage@acme.example" } } });
    expect(outage.json.status).toBe("accepted");
    const outageDetail = await call<LeadDetail>(`/api/v1/leads/${outage.json.id}`, { key: t.liveKey });
    expect(outageDetail.json.enhancements.email_validation).toMatchObject({
      deliverable: null,
      provider: { status: "error", error: "HTTP 503" },
    });
  });

  it("marks test-mode leads and keeps them apart from live data", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "sandbox@acme.example" }, options: { test_mode: true } },
    });
    expect(res.json.test_mode).toBe(true);
    // The live key that posted it reads it by id (issue 21); its live lists leave it out unless asked.
    expect((await call(`/api/v1/leads/${res.json.id}`, { key: t.liveKey })).json.test_mode).toBe(true);
    expect((await call("/api/v1/leads", { key: t.liveKey })).json.total_count).toBe(0);
    expect((await call(`/api/v1/leads/${res.json.id}`, { key: t.testKey })).json.test_mode).toBe(true);
    // A test key sees no live flows, so it cannot submit into one.
    expect((await call(`/api/v1/flows/${flow.id}/leads`, { key: t.testKey, body: { lead: { email: "x@acme.example" } } })).status).toBe(
      404,
    );
  });

  it("records feedback: conversion writes the event, the status and a lead.converted webhook", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const lead = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "buyer@acme.example" } } });
    const res = await call(`/api/v1/leads/${lead.json.id}/feedback`, {
      key: t.liveKey,
      body: { type: "conversion", value: 1200, reason: "Closed won" },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ lead_id: lead.json.id, type: "conversion", status: "converted", value: 1200, reason: "Closed won" });
    expect((await call(`/api/v1/leads/${lead.json.id}`, { key: t.liveKey })).json.events.map((e: any) => e.type)).toEqual([
      "received",
      "enhanced",
      "accepted",
      "converted",
    ]);
    const outbox = await env.DB.prepare("SELECT payload FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead.converted'")
      .bind(t.id)
      .first<{ payload: string }>();
    expect(JSON.parse(outbox!.payload)).toMatchObject({
      event_type: "lead.converted",
      flow_id: flow.id,
      lead_id: lead.json.id,
      data: { value: 1200, lead: { email: "buyer@acme.example" } },
    });
    expect((await call(`/api/v1/leads/${lead.json.id}/feedback`, { key: t.liveKey, body: { type: "conversion" } })).status).toBe(409);
    expect(
      (await call(`/api/v1/leads/${lead.json.id}/feedback`, { key: t.liveKey, body: { type: "return", reason: "bad number" } })).json
        .status,
    ).toBe("returned");
    expect((await call(`/api/v1/leads/${lead.json.id}/feedback`, { key: t.liveKey, body: { type: "refund" } })).status).toBe(400);
  });

  it("archives a flow: readable, but new leads get 409", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    expect((await call(`/api/v1/flows/${flow.id}`, { key: t.liveKey, method: "DELETE" })).json.status).toBe("archived");
    const res = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "late@acme.example" } } });
    expect(res.status).toBe(409);
    expect((await call<FlowList>("/api/v1/flows", { key: t.liveKey })).json.flows).toEqual([]);
    expect((await call("/api/v1/flows?status=archived", { key: t.liveKey })).json.flows).toHaveLength(1);
  });

  it("answers another tenant's flow and lead ids with 404 on every route", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const flow = await createFlow(a.liveKey);
    const lead = (await call(`/api/v1/flows/${flow.id}/leads`, { key: a.liveKey, body: { lead: { email: "mine@a.example" } } })).json.id;
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/v1/flows/${flow.id}`],
      ["PATCH", `/api/v1/flows/${flow.id}`, { name: "stolen" }],
      ["PUT", `/api/v1/flows/${flow.id}/settings`, { settings: { quality_threshold: 1 } }],
      ["DELETE", `/api/v1/flows/${flow.id}`],
      ["GET", `/api/v1/flows/${flow.id}/caps`],
      ["POST", `/api/v1/flows/${flow.id}/rules/explain`, { lead: { email: "x@b.example" } }],
      ["POST", `/api/v1/flows/${flow.id}/leads`, { lead: { email: "x@b.example" } }],
      ["POST", `/api/v1/flows/${flow.id}/leads/batch`, { leads: [{ lead: { email: "x@b.example" } }] }],
      ["GET", `/api/v1/leads/${lead}`],
      ["POST", `/api/v1/leads/${lead}/feedback`, { type: "conversion" }],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(path, { key: b.liveKey, method, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.text).not.toContain("mine@a.example");
    }
    expect((await call("/api/v1/leads", { key: b.liveKey })).json.total_count).toBe(0);
    expect((await call<FlowList>("/api/v1/flows", { key: b.liveKey })).json.flows).toEqual([]);
    expect((await call(`/api/v1/flows/${flow.id}`, { key: a.liveKey })).json.name).not.toBe("stolen");
  });
});

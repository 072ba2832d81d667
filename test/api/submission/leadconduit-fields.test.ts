import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type * as leadRoutes from "../../../src/api/submission/leads/routes";
import { call, createFlow, createTenant, type ResponseOf } from "../../support/http";

type Submission = ResponseOf<typeof leadRoutes.submitLead, 201>;
type LeadDetail = ResponseOf<typeof leadRoutes.getLead, 200>;

const submit = (key: string, flowId: string, lead: Record<string, unknown>) =>
  call<Submission & { error?: any }>(`/api/v1/flows/${flowId}/leads`, { key, body: { lead } });

describe("LeadConduit's field names (leadconduit-fields) as aliases of ours", () => {
  it("types, validates and normalises phone_1, address_1, title and company.name as our fields, and answers them back by those names", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "LeadConduit source",
      configuration: { steps: [{ type: "source", name: "LC", settings: { required_fields: ["phone_1", "email"] } }] },
      settings: { acceptance_criteria: 'lead.title == "CTO" && lead.phone_1.startsWith("+1")' },
    });
    const res = await submit(t.liveKey, flow.id, {
      first_name: "Ada",
      email: "ada@acme.example",
      phone_1: "(650) 253-0000",
      phone_2: "650.253.0001",
      address_1: "1600 Amphitheatre Pkwy",
      address_2: "Suite 5",
      title: "CTO",
      "company.name": "Acme",
      dob: "04/15/1985",
      comments: "Call after 5",
      state: "CA",
      postal_code: "94043",
    });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("accepted");

    const row = await env.DB.prepare("SELECT phone, address, position, company, custom_fields FROM leads WHERE id = ?")
      .bind(res.json.id)
      .first<Record<string, string>>();
    expect(row).toMatchObject({ phone: "+16502530000", address: "1600 Amphitheatre Pkwy", position: "CTO", company: "Acme" });
    expect(JSON.parse(String(row!.custom_fields))).toEqual({
      phone_2: "+16502530001",
      address_2: "Suite 5",
      dob: "1985-04-15",
      comments: "Call after 5",
    });

    const detail = await call<LeadDetail>(`/api/v1/leads/${res.json.id}`, { key: t.liveKey });
    expect(detail.json.lead_data).toEqual({
      first_name: "Ada",
      name: "Ada",
      email: "ada@acme.example",
      phone_1: "+16502530000",
      address_1: "1600 Amphitheatre Pkwy",
      title: "CTO",
      "company.name": "Acme",
      state: "CA",
      postal_code: "94043",
      phone_2: "+16502530001",
      address_2: "Suite 5",
      dob: "1985-04-15",
      comments: "Call after 5",
    });
    expect(detail.json.enhancements).toMatchObject({ phone_validation: { status: "valid", e164: "+16502530000" } });

    // The flow's webhook events carry the caller's names too.
    const event = await env.DB.prepare("SELECT payload FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead.accepted'")
      .bind(t.id)
      .first<{ payload: string }>();
    expect(JSON.parse(event!.payload).data.lead).toMatchObject({ phone_1: "+16502530000", title: "CTO", "company.name": "Acme" });
    expect(JSON.parse(event!.payload).data.lead.phone).toBeUndefined();
  });

  it("refuses a malformed aliased or typed value naming the field as sent, and an alias that contradicts our name", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const details = async (lead: Record<string, unknown>) => {
      const res = await submit(t.liveKey, flow.id, { email: "x@acme.example", ...lead });
      expect(res.status).toBe(400);
      return res.json.error.details;
    };
    expect(await details({ phone_1: "call me maybe" })).toEqual([
      { field: "phone_1", code: "invalid_format", message: "Phone number is invalid" },
    ]);
    expect((await details({ phone_3: "12" }))[0]).toMatchObject({ field: "phone_3", code: "invalid_format" });
    expect((await details({ dob: "1985-02-30" }))[0]).toMatchObject({ field: "dob", code: "invalid_format" });
    expect((await details({ comments: { long: true } }))[0]).toMatchObject({ field: "comments", code: "invalid_type" });
    expect((await details({ phone: "+16502530000", phone_1: "+16502539999" }))[0]).toMatchObject({
      field: "phone_1",
      code: "conflicting_field",
    });
    expect((await details({ trustedform_cert_url: "https://evil.example/cert" }))[0].field).toBe("trustedform_cert_url");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM leads WHERE tenant_id = ?").bind(t.id).first<{ n: number }>();
    expect(rows!.n).toBe(0);
    // The same value under both names is one field, answered under ours.
    const both = await submit(t.liveKey, flow.id, { email: "y@acme.example", phone: "+16502530000", phone_1: "+1 650 253 0000" });
    expect(both.status).toBe(201);
    expect((await call<LeadDetail>(`/api/v1/leads/${both.json.id}`, { key: t.liveKey })).json.lead_data.phone).toBe("+16502530000");
  });

  it("reads LeadConduit's nested company object, and matches duplicates across the two names", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "Dupes",
      settings: { duplicate_policy: { keys: ["phone"], match: "any", window_days: 30 } },
    });
    const first = await submit(t.liveKey, flow.id, { phone_1: "650-253-0000", company: { name: "Acme", city: "Austin" } });
    expect(first.json.status).toBe("accepted");
    const detail = await call<LeadDetail>(`/api/v1/leads/${first.json.id}`, { key: t.liveKey });
    expect(detail.json.lead_data).toMatchObject({ phone_1: "+16502530000", company: { name: "Acme" }, "company.city": "Austin" });
    const row = await env.DB.prepare("SELECT company FROM leads WHERE id = ?").bind(first.json.id).first<{ company: string }>();
    expect(row!.company).toBe("Acme");

    const again = await submit(t.liveKey, flow.id, { phone: "+1 (650) 253-0000" });
    expect(again.json).toMatchObject({ status: "rejected", reason: "duplicate_detected", duplicate_of: first.json.id });
  });
});

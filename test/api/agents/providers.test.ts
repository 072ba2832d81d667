import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SEED_REQUEST } from "../../../src/api/agents/lead-generation/schemas";
import { call, createTenant } from "../../support/http";
import { settled } from "../../support/workflows";

const PROVIDER = {
  name: "Vendor",
  url: "https://prospects.provider.test/search",
  auth_header: { name: "Authorization", value: "Bearer vendor-token" },
  field_mapping: { company_name: "company", website: "domain", work_email: "email", job_title: "title" },
};

describe("prospect providers", () => {
  it("are created, listed, changed and deleted, never showing the auth value again", async () => {
    const t = await createTenant();
    const created = await call("/api/agents/sales/providers", { key: t.liveKey, body: PROVIDER });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^ppr_/),
        name: "Vendor",
        url: PROVIDER.url,
        auth_header: { name: "Authorization", value: "********" },
        field_mapping: PROVIDER.field_mapping,
        enabled: true,
        last_error: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    });
    const id = created.json.data.id;
    const stored = await env.DB.prepare("SELECT auth_header_value FROM prospect_providers WHERE id = ?")
      .bind(id)
      .first("auth_header_value");
    expect(stored).toBe("Bearer vendor-token");
    expect((await call("/api/agents/sales/providers", { key: t.liveKey })).json.data.map((p: any) => p.id)).toEqual([id]);
    const changed = await call(`/api/agents/sales/providers/${id}`, { key: t.liveKey, method: "PATCH", body: { enabled: false } });
    expect(changed.json.data.enabled).toBe(false);
    expect((await call(`/api/agents/sales/providers/${id}`, { key: t.liveKey })).json.data.enabled).toBe(false);
    expect((await call(`/api/agents/sales/providers/${id}`, { key: t.liveKey, method: "DELETE" })).json).toEqual({
      success: true,
      data: { id, deleted: true },
    });
    expect((await call(`/api/agents/sales/providers/${id}`, { key: t.liveKey })).status).toBe(404);
  });

  it("refuse an unsafe URL and a mapping to a field the pool does not have, naming the field", async () => {
    const t = await createTenant();
    const unsafe = await call("/api/agents/sales/providers", { key: t.liveKey, body: { ...PROVIDER, url: "http://10.0.0.1/search" } });
    expect(unsafe.status).toBe(400);
    expect(unsafe.json.error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "url" } });
    const mapping = await call("/api/agents/sales/providers", { key: t.liveKey, body: { ...PROVIDER, field_mapping: { x: "salary" } } });
    expect(mapping.status).toBe(400);
    expect(mapping.json.error.details.field).toBe("field_mapping.x");
  });

  it("are the tenant's own", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const id = (await call("/api/agents/sales/providers", { key: a.liveKey, body: PROVIDER })).json.data.id;
    for (const method of ["GET", "PATCH", "DELETE"] as const) {
      const res = await call(`/api/agents/sales/providers/${id}`, {
        key: b.liveKey,
        method,
        ...(method === "PATCH" ? { body: { enabled: false } } : {}),
      });
      expect(res.status).toBe(404);
    }
    expect((await call("/api/agents/sales/providers", { key: b.liveKey })).json.data).toEqual([]);
    expect((await call("/api/agents/sales/providers", { key: a.testKey })).json.data).toEqual([]);
  });

  it("are asked during research; what they return joins the pool and is judged like the rest, and a failing one is recorded and skipped", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    await workflows.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const site = (await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
    await call("/api/agents/sales/providers", { key: t.liveKey, body: PROVIDER });
    const down = (
      await call("/api/agents/sales/providers", {
        key: t.liveKey,
        body: { ...PROVIDER, name: "Down", url: "https://prospects.provider.test/down" },
      })
    ).json.data;
    const res = await call("/api/agents/sales/leadGeneration", {
      key: t.liveKey,
      body: { ...SEED_REQUEST, siteId: site.id, userId: undefined },
    });
    expect(res.status).toBe(202);
    await settled(workflows, 1);
    const status = (await call(`/api/agents/sales/leadGeneration/status/${res.json.data.command_id}`, { key: t.liveKey })).json.data;
    expect(status.status).toBe("completed");
    expect(status.leads_generated.map((l: any) => l.company).sort()).toEqual([
      "Vendor manufacturing Co",
      "Vendor saas Co",
      "Vendor tech Co",
    ]);
    expect(status.leads_generated.every((l: any) => l.verified)).toBe(true);
    // The vendor's non-matching prospect joined the pool but was not delivered.
    const pool = (await call("/api/agents/sales/prospects/contacts", { key: t.liveKey })).json.data.contacts.map((c: any) => c.email);
    expect(pool).toContain("pat@vendor-bakery.example");
    expect((await call(`/api/agents/sales/providers/${down.id}`, { key: t.liveKey })).json.data.last_error).toBe("answered 503");
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTenant } from "./support/http";

const PROVIDER = { name: "Vendor", url: "https://prospects.provider.test/search", auth_header: { name: "Authorization", value: "Bearer vendor-token" }, field_mapping: { company_name: "company", website: "domain", work_email: "email", job_title: "title" } };

describe("prospect providers", () => {
  it("are created, listed, changed and deleted, never showing the auth value again", async () => {
    const t = await createTenant();
    const created = await call("/api/agents/sales/providers", { key: t.liveKey, body: PROVIDER });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      success: true,
      data: { id: expect.stringMatching(/^ppr_/), name: "Vendor", url: PROVIDER.url, auth_header: { name: "Authorization", value: "********" }, field_mapping: PROVIDER.field_mapping, enabled: true, last_error: null, created_at: expect.any(String), updated_at: expect.any(String) },
    });
    const id = created.json.data.id;
    const stored = await env.DB.prepare("SELECT auth_header_value FROM prospect_providers WHERE id = ?").bind(id).first("auth_header_value");
    expect(stored).toBe("Bearer vendor-token");
    expect((await call("/api/agents/sales/providers", { key: t.liveKey })).json.data.map((p: any) => p.id)).toEqual([id]);
    const changed = await call(`/api/agents/sales/providers/${id}`, { key: t.liveKey, method: "PATCH", body: { enabled: false } });
    expect(changed.json.data.enabled).toBe(false);
    expect((await call(`/api/agents/sales/providers/${id}`, { key: t.liveKey })).json.data.enabled).toBe(false);
    expect((await call(`/api/agents/sales/providers/${id}`, { key: t.liveKey, method: "DELETE" })).json).toEqual({ success: true, data: { id, deleted: true } });
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
      const res = await call(`/api/agents/sales/providers/${id}`, { key: b.liveKey, method, ...(method === "PATCH" ? { body: { enabled: false } } : {}) });
      expect(res.status).toBe(404);
    }
    expect((await call("/api/agents/sales/providers", { key: b.liveKey })).json.data).toEqual([]);
    expect((await call("/api/agents/sales/providers", { key: a.testKey })).json.data).toEqual([]);
  });
});

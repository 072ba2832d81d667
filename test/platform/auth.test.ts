import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { SEED_REQUEST } from "../../src/api/agents/lead-generation/schemas";
import { DIALECTS, expectErrorDialect, FAMILY_PATHS } from "../support/dialects";
import { admin, call, createTenant } from "../support/http";

describe("API-key authentication", () => {
  describe.each(DIALECTS)("in the %s family", (dialect) => {
    const path = FAMILY_PATHS[dialect];

    it("answers 401 without a key, with a malformed key and with an unknown key", async () => {
      for (const key of [undefined, "not-a-key", `lk_live_${"A".repeat(32)}`]) {
        const res = await call(path, { key });
        expect(res.status).toBe(401);
        expectErrorDialect(dialect, res.json, "unauthorized");
        expect(res.headers.get("X-Request-Id")).toMatch(/^req_/);
      }
    });

    it("answers 403 when the key lacks the scope", async () => {
      const tenant = await createTenant();
      const issued = await admin(`/admin/tenants/${tenant.id}/api-keys`, { body: { mode: "live", scopes: ["campaigns:read"] } });
      const res = await call(path, { key: issued.json.key });
      expect(res.status).toBe(403);
      expectErrorDialect(dialect, res.json, "insufficient_scope");
    });
  });

  it("needs webhooks:write to create a callback endpoint through a batch or a lead-generation command", async () => {
    const t = await createTenant();
    const site = (await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
    const user = (await call("/v1/users", { key: t.liveKey, body: { name: "Sam", email: "sam@acme.example" } })).json.data;
    const leadsOnly = (await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", scopes: ["leads:*", "agents:*"] } })).json
      .key;
    const batch = await call("/v1/leads/batch", {
      key: leadsOnly,
      body: { leads: [{ name: "A", email: "a@acme.example" }], async: true, webhook_url: "https://receiver.test/ok/scope" },
    });
    expect(batch.status).toBe(403);
    expect(batch.json.error.details).toMatchObject({ field: "webhook_url" });
    const command = await call("/api/agents/sales/leadGeneration", {
      key: leadsOnly,
      body: { ...SEED_REQUEST, siteId: site.id, userId: user.id, webhook: { url: "https://receiver.test/ok/scope" } },
    });
    expect(command.status).toBe(403);
    expect(command.json.error.details).toMatchObject({ field: "webhook.url" });
    const endpoints = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_endpoints WHERE tenant_id = ?").bind(t.id).first<number>("n");
    expect(endpoints).toBe(0);
    const withoutWebhook = await call("/v1/leads/batch", { key: leadsOnly, body: { leads: [{ name: "A", email: "a@acme.example" }] } });
    expect(withoutWebhook.status).toBeLessThan(300);
  });

  it("refuses revoked and expired keys with 401 saying which", async () => {
    const tenant = await createTenant();
    const issued = await admin(`/admin/tenants/${tenant.id}/api-keys`, { body: { mode: "live" } });
    expect((await call("/api/v1/account", { key: issued.json.key })).status).toBe(200);
    await admin(`/admin/api-keys/${issued.json.id}`, { method: "DELETE" });
    const revoked = await call("/api/v1/account", { key: issued.json.key });
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.message).toContain("revoked");

    const expiring = await admin(`/admin/tenants/${tenant.id}/api-keys`, {
      body: { mode: "live", expires_at: new Date(Date.now() + 60_000).toISOString() },
    });
    await env.DB.prepare("UPDATE api_keys SET expires_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), expiring.json.id)
      .run();
    const expired = await call("/api/v1/account", { key: expiring.json.key });
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toContain("expired");
  });

  it("accepts X-Tenant-Id equal to the tenant's id or slug and refuses any other with 401", async () => {
    const a = await createTenant();
    const b = await createTenant();
    expect((await call("/api/v1/account", { key: a.liveKey, headers: { "X-Tenant-Id": a.id } })).status).toBe(200);
    expect((await call("/api/v1/account", { key: a.liveKey, headers: { "X-Tenant-Id": a.slug } })).status).toBe(200);
    const other = await call("/api/v1/account", { key: a.liveKey, headers: { "X-Tenant-Id": b.id } });
    expect(other.status).toBe(401);
    expect(other.json.error.details[0]).toMatchObject({ field: "X-Tenant-Id", code: "tenant_mismatch" });
  });

  it("scopes: resource:read allows GET only, resource:* and * allow both", async () => {
    const t = await createTenant();
    const read = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", scopes: ["sites:read"] } });
    expect((await call("/v1/sites", { key: read.json.key })).status).toBe(200);
    const write = await call("/v1/sites", { key: read.json.key, body: { name: "S", url: "https://s.example" } });
    expect(write.status).toBe(403);
    expect(write.json.error.message).toContain("sites:write");
    const all = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", scopes: ["sites:*"] } });
    expect((await call("/v1/sites", { key: all.json.key, body: { name: "S", url: "https://s.example" } })).status).toBe(201);
  });

  it("needs the workflows scope for /v1/enrollments, as for a workflow's enrollments", async () => {
    const t = await createTenant();
    const leadsOnly = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", scopes: ["leads:read"] } });
    const cancel = await call("/v1/enrollments/enr_unknown/cancel", { key: leadsOnly.json.key, method: "POST" });
    expect(cancel.status).toBe(403);
    expect(cancel.json.error).toMatchObject({ code: "INSUFFICIENT_SCOPE", message: "This API key lacks the workflows:write scope" });
    expect((await call("/v1/enrollments/enr_unknown", { key: leadsOnly.json.key })).status).toBe(403);
    const reader = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", scopes: ["workflows:read"] } });
    expect((await call("/v1/enrollments/enr_unknown", { key: reader.json.key })).status).toBe(404);
  });

  it("enforces an API key's IP allowlist (exact and IPv4 CIDR)", async () => {
    const t = await createTenant();
    const issued = await admin(`/admin/tenants/${t.id}/api-keys`, {
      body: { mode: "live", allowed_ips: ["203.0.113.0/24", "2001:db8::1"] },
    });
    const from = (ip?: string) => call("/api/v1/account", { key: issued.json.key, headers: ip ? { "CF-Connecting-IP": ip } : {} });
    expect((await from("203.0.113.77")).status).toBe(200);
    expect((await from("2001:db8::1")).status).toBe(200);
    const refused = await from("198.51.100.1");
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("ip_not_allowed");
    expect((await from()).status).toBe(403);
  });

  it("records when a key was last used", async () => {
    const t = await createTenant();
    await call("/api/v1/account", { key: t.liveKey });
    // Written after the response (waitUntil), so poll briefly.
    await vi.waitFor(async () => {
      const row = await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE tenant_id = ? AND mode = 'live'")
        .bind(t.id)
        .first<{ last_used_at: string }>();
      expect(row?.last_used_at).toEqual(expect.any(String));
    });
  });

  it("tells live and test keys apart on /api/v1/account", async () => {
    const t = await createTenant("starter");
    const live = await call("/api/v1/account", { key: t.liveKey });
    expect(live.json).toMatchObject({ tenant: { id: t.id, plan: "starter" }, api_key: { mode: "live", scopes: ["*"] }, test_mode: false });
    expect(live.json.quotas).toEqual([
      { name: "burst", limit: 100, seconds: 60 },
      { name: "hourly", limit: 1000, seconds: 3600 },
      { name: "daily", limit: 10000, seconds: 86400 },
    ]);
    const test = await call("/api/v1/account", { key: t.testKey });
    expect(test.json).toMatchObject({ api_key: { mode: "test" }, test_mode: true });
  });
});

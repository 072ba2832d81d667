import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count } from "../../support/db";
import { admin, call, createTenant } from "../../support/http";

describe("admin API", () => {
  it("creates a tenant with a live and a test key in the exact documented shape", async () => {
    const res = await admin("/admin/tenants", { body: { name: "Acme Corp", plan: "starter" } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^ten_[0-9a-z]{26}$/),
      name: "Acme Corp",
      slug: expect.stringMatching(/^acme-corp(-\d+)?$/),
      plan: "starter",
      lead_daily_email_cap: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      api_key: expect.stringMatching(/^lk_live_[0-9A-Za-z]{32}$/),
      test_api_key: expect.stringMatching(/^lk_test_[0-9A-Za-z]{32}$/),
    });
    const rows = await env.DB.prepare("SELECT mode, scopes FROM api_keys WHERE tenant_id = ? ORDER BY mode").bind(res.json.id).all();
    expect(rows.results).toEqual([
      { mode: "live", scopes: '["*"]' },
      { mode: "test", scopes: '["*"]' },
    ]);
  });

  it("stores only the SHA-256 hash and a short prefix of each key", async () => {
    const res = await admin("/admin/tenants", { body: { name: "Hash Check", plan: "growth" } });
    const key: string = res.json.api_key;
    const { results } = await env.DB.prepare("SELECT * FROM api_keys WHERE tenant_id = ?").bind(res.json.id).all();
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const live = results.find((r) => r.mode === "live")!;
    expect(live.key_hash).toBe(digest);
    expect(live.prefix).toBe(key.slice(0, 12));
    const everyValue = JSON.stringify(await env.DB.prepare("SELECT * FROM api_keys").all());
    expect(everyValue).not.toContain(key.slice(8));
    expect(everyValue).not.toContain(res.json.test_api_key.slice(8));
  });

  it("refuses a wrong admin token with 401 and bad bodies with 400 naming the field", async () => {
    const wrong = await call("/admin/tenants", { key: "not-the-token", body: { name: "X", plan: "starter" } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe("unauthorized");
    const none = await call("/admin/tenants");
    expect(none.status).toBe(401);
    const bad = await admin("/admin/tenants", { body: { name: "", plan: "platinum" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
    expect(bad.json.error.details.map((d: any) => d.field).sort()).toEqual(["name", "plan"]);
    const missing = await admin("/admin/tenants", { body: { name: "No plan" } });
    expect(missing.json.error.details).toEqual([{ field: "plan", code: "missing_required", message: "plan is required" }]);
  });

  it("keeps slugs unique: a taken explicit slug is 409, a derived one gets a suffix", async () => {
    const slug = `dup-${crypto.randomUUID().slice(0, 8)}`;
    const first = await admin("/admin/tenants", { body: { name: "Dup", plan: "starter", slug } });
    expect(first.json.slug).toBe(slug);
    const taken = await admin("/admin/tenants", { body: { name: "Dup", plan: "starter", slug } });
    expect(taken.status).toBe(409);
    expect(taken.json.error.details[0].field).toBe("slug");
    const name = `Same Name ${crypto.randomUUID().slice(0, 6)}`;
    const a = await admin("/admin/tenants", { body: { name, plan: "starter" } });
    const b = await admin("/admin/tenants", { body: { name, plan: "starter" } });
    expect(b.json.slug).toBe(`${a.json.slug}-2`);
  });

  it("reads, lists and changes a tenant's plan", async () => {
    const tenant = await createTenant("starter");
    const got = await admin(`/admin/tenants/${tenant.id}`);
    expect(got.json).toMatchObject({ id: tenant.id, plan: "starter" });
    const patched = await admin(`/admin/tenants/${tenant.id}`, { method: "PATCH", body: { plan: "enterprise" } });
    expect(patched.status).toBe(200);
    expect(patched.json.plan).toBe("enterprise");
    const account = await call("/api/v1/account", { key: tenant.liveKey });
    expect(account.json.tenant.plan).toBe("enterprise");
    const list = await admin("/admin/tenants?limit=200");
    expect(list.json.tenants.some((t: any) => t.id === tenant.id)).toBe(true);
    const empty = await admin(`/admin/tenants/${tenant.id}`, { method: "PATCH", body: {} });
    expect(empty.status).toBe(400);
    expect(await admin("/admin/tenants/ten_missing").then((r) => r.status)).toBe(404);
    expect(await admin("/admin/tenants/ten_missing", { method: "PATCH", body: { plan: "growth" } }).then((r) => r.status)).toBe(404);
  });

  it("issues scoped, expiring keys and revokes them, each key acting only for its own tenant", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const issued = await admin(`/admin/tenants/${a.id}/api-keys`, {
      body: { mode: "test", scopes: ["leads:read"], expires_at: "2099-01-01T00:00:00+02:00" },
    });
    expect(issued.status).toBe(201);
    expect(issued.json).toMatchObject({
      tenant_id: a.id,
      mode: "test",
      scopes: ["leads:read"],
      expires_at: "2098-12-31T22:00:00.000Z",
      revoked_at: null,
    });
    expect(issued.json.key).toMatch(/^lk_test_/);
    expect(issued.json.prefix).toBe(issued.json.key.slice(0, 12));

    const listA = await admin(`/admin/tenants/${a.id}/api-keys`);
    expect(listA.json.api_keys).toHaveLength(3);
    expect(JSON.stringify(listA.json)).not.toContain(issued.json.key);
    const listB = await admin(`/admin/tenants/${b.id}/api-keys`);
    expect(listB.json.api_keys.map((k: any) => k.tenant_id)).toEqual([b.id, b.id]);

    const revoked = await admin(`/admin/api-keys/${issued.json.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revoked_at).toEqual(expect.any(String));
    const again = await admin(`/admin/api-keys/${issued.json.id}`, { method: "DELETE" });
    expect(again.json.revoked_at).toBe(revoked.json.revoked_at);
    // Revoking A's key leaves B's keys working.
    expect((await call("/api/v1/account", { key: b.liveKey })).status).toBe(200);
    expect(await admin("/admin/api-keys/key_missing", { method: "DELETE" }).then((r) => r.status)).toBe(404);
    expect(await admin("/admin/tenants/ten_missing/api-keys", { body: { mode: "live" } }).then((r) => r.status)).toBe(404);
  });

  it("rejects unknown scopes, past expiry and malformed allowlists, naming the field", async () => {
    const t = await createTenant();
    const scope = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", scopes: ["leads:delete"] } });
    expect(scope.status).toBe(400);
    expect(scope.json.error.details[0].field).toBe("scopes[0]");
    const past = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", expires_at: "2001-01-01T00:00:00Z" } });
    expect(past.json.error.details[0]).toMatchObject({ field: "expires_at", code: "in_past" });
    const ips = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", allowed_ips: ["10.0.0.0/33"] } });
    expect(ips.json.error.details[0].field).toBe("allowed_ips[0]");
  });

  it("refuses every documented admin operation without the admin token, with a tenant's key, and without ADMIN_TOKEN set", async () => {
    const { buildApp } = await import("../../../src/app");
    const withoutToken = buildApp();
    const t = await createTenant();
    const doc = (await call("/openapi.json")).json;
    const operations = Object.entries<any>(doc.paths).flatMap(([template, ops]) =>
      Object.entries<any>(ops)
        .filter(([, op]) => (op.security ?? []).some((s: object) => "adminToken" in s))
        .map(([method, op]) => ({ method: method.toUpperCase(), template, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(7);
    const answers: string[] = [];
    for (const { method, template, op } of operations) {
      const path = template.replace(/\{[^}]+\}/g, t.id);
      const body = op.requestBody ? { name: "Intruder", plan: "enterprise" } : undefined;
      const none = await call(path, { method, ...(body ? { body } : {}) });
      const tenantKey = await call(path, { method, key: t.liveKey, ...(body ? { body } : {}) });
      const unset = await withoutToken.request(
        path,
        {
          method,
          headers: { Authorization: "Bearer anything", "Content-Type": "application/json" },
          ...(body ? { body: JSON.stringify(body) } : {}),
        },
        { ...env, ADMIN_TOKEN: "" },
        { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext,
      );
      answers.push(`${method} ${template}: ${none.status} ${tenantKey.status} ${unset.status}`);
    }
    expect(answers).toEqual(operations.map(({ method, template }) => `${method} ${template}: 401 401 503`));
    expect(await count("SELECT COUNT(*) AS n FROM tenants WHERE name = 'Intruder'")).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM api_keys WHERE tenant_id = ? AND revoked_at IS NULL", t.id)).toBe(2);
  });

  it("answers 503 when the deployment has no ADMIN_TOKEN", async () => {
    const { buildApp } = await import("../../../src/app");
    const app = buildApp();
    const res = await app.request("/admin/tenants", { headers: { Authorization: "Bearer anything" } }, { ...env, ADMIN_TOKEN: "" }, {
      waitUntil() {},
      passThroughOnException() {},
      props: {},
    } as unknown as ExecutionContext);
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error.code).toBe("service_unavailable");
  });
});

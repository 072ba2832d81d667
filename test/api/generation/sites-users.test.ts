import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTenant } from "../../support/http";

describe("/v1/sites and /v1/users", () => {
  it("create, read, list, update and delete a site in the generation & config envelope", async () => {
    const t = await createTenant();
    const created = await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^site_/),
        name: "Acme",
        url: "https://acme.example",
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
      message: "Site created",
    });
    const id = created.json.data.id;
    expect((await call(`/v1/sites/${id}`, { key: t.liveKey })).json.data.name).toBe("Acme");
    const updated = await call(`/v1/sites/${id}`, { key: t.liveKey, method: "PATCH", body: { url: "https://acme.example/new" } });
    expect(updated.json.data).toMatchObject({ name: "Acme", url: "https://acme.example/new" });
    const list = await call("/v1/sites?limit=10", { key: t.liveKey });
    expect(list.json.data.map((s: any) => s.id)).toEqual([id]);
    expect((await call(`/v1/sites/${id}`, { key: t.liveKey, method: "DELETE" })).json).toEqual({
      success: true,
      data: { id, deleted: true },
      message: "Site deleted",
    });
    expect((await call(`/v1/sites/${id}`, { key: t.liveKey })).status).toBe(404);
  });

  it("validates input, naming the field", async () => {
    const t = await createTenant();
    const res = await call("/v1/sites", { key: t.liveKey, body: { name: "X", url: "ftp://nope" } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ success: false, error: { code: "INVALID_REQUEST", details: { field: "url" } } });
    const user = await call("/v1/users", { key: t.liveKey, body: { name: "Y", email: "not-an-email" } });
    expect(user.json.error.details).toMatchObject({ field: "email", issue: expect.any(String) });
    const limit = await call("/v1/sites?limit=500", { key: t.liveKey });
    expect(limit.status).toBe(400);
    expect(limit.json.error.details.field).toBe("limit");
  });

  it("answers another tenant's ids with 404 on every route and never lists them", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const site = (await call("/v1/sites", { key: a.liveKey, body: { name: "A", url: "https://a.example" } })).json.data.id;
    const user = (await call("/v1/users", { key: a.liveKey, body: { name: "A", email: "a@a.example" } })).json.data.id;
    for (const [path, body] of [
      [`/v1/sites/${site}`, { name: "B" }],
      [`/v1/users/${user}`, { name: "B" }],
    ] as const) {
      expect((await call(path, { key: b.liveKey })).status).toBe(404);
      expect((await call(path, { key: b.liveKey, method: "PATCH", body })).status).toBe(404);
      expect((await call(path, { key: b.liveKey, method: "DELETE" })).status).toBe(404);
    }
    expect((await call("/v1/sites", { key: b.liveKey })).json.data).toEqual([]);
    expect((await call("/v1/users", { key: b.liveKey })).json.data).toEqual([]);
    expect((await call(`/v1/sites/${site}`, { key: a.liveKey })).status).toBe(200);
  });

  it("keeps test-mode rows apart from live rows", async () => {
    const t = await createTenant();
    const testSite = (await call("/v1/sites", { key: t.testKey, body: { name: "Sandbox", url: "https://s.example" } })).json.data.id;
    expect((await call(`/v1/sites/${testSite}`, { key: t.liveKey })).status).toBe(404);
    expect((await call("/v1/sites", { key: t.liveKey })).json.data).toEqual([]);
    expect((await call("/v1/sites", { key: t.testKey })).json.data.map((s: any) => s.id)).toEqual([testSite]);
    const row = await env.DB.prepare("SELECT test_mode FROM sites WHERE id = ?").bind(testSite).first<{ test_mode: number }>();
    expect(row?.test_mode).toBe(1);
  });

  it("keeps user emails unique per tenant, even for racing creates", async () => {
    const t = await createTenant("enterprise");
    const results = await Promise.all(
      Array.from({ length: 6 }, () => call("/v1/users", { key: t.liveKey, body: { name: "Dup", email: "Dup@Acme.example" } })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(5);
    expect(conflicts[0]!.json.error).toMatchObject({ code: "CONFLICT", details: { field: "email" } });
    const other = await createTenant();
    expect((await call("/v1/users", { key: other.liveKey, body: { name: "Dup", email: "dup@acme.example" } })).status).toBe(201);
    const created = results.find((r) => r.status === 201)!.json.data;
    expect(created.email).toBe("dup@acme.example");
    const second = (await call("/v1/users", { key: t.liveKey, body: { name: "Two", email: "two@acme.example" } })).json.data.id;
    const clash = await call(`/v1/users/${second}`, { key: t.liveKey, method: "PATCH", body: { email: "DUP@acme.example" } });
    expect(clash.status).toBe(409);
  });
});

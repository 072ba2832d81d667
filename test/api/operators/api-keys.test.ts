import { describe, expect, it } from "vitest";
import type * as routes from "../../../src/api/operators/api-keys/routes";
import { admin, call, createTenant, type ResponseOf } from "../../support/http";

type Created = ResponseOf<typeof routes.createApiKey, 201>;
type Listed = ResponseOf<typeof routes.listApiKeys, 200>;

const issue = (tenantId: string, body: Record<string, unknown>) =>
  admin(`/admin/tenants/${tenantId}/api-keys`, { body }) as Promise<{ status: number; json: Created & { error?: any } }>;

describe("/admin/tenants/{id}/api-keys", () => {
  it("names a key and shows operators the same name and rotated_from a tenant sees", async () => {
    const t = await createTenant();
    const named = await issue(t.id, { mode: "live", name: "CRM sync" });
    expect(named.status).toBe(201);
    expect(named.json).toMatchObject({ name: "CRM sync", rotated_from: null });
    expect((await issue(t.id, { mode: "live", name: "" })).json.error.details[0]).toMatchObject({ field: "name" });

    const rotated = await call(`/api/v1/api-keys/${named.json.id}/rotate`, { key: t.liveKey, method: "POST", body: {} });
    expect(rotated.status).toBe(201);
    const list = (await admin(`/admin/tenants/${t.id}/api-keys`)).json as Listed;
    const byId = new Map(list.api_keys.map((k) => [k.id, k]));
    expect(byId.get(rotated.json.id)).toMatchObject({ name: "CRM sync", rotated_from: named.json.id });
    expect(byId.get(named.json.id)).toMatchObject({ name: "CRM sync", rotated_from: null });
    expect(list.api_keys.filter((k) => k.name === null)).toHaveLength(2);
  });

  it("lets a key whose allowlist spells an IPv6 address in full be used from its short form", async () => {
    const t = await createTenant();
    const issued = await issue(t.id, { mode: "live", allowed_ips: ["2001:0db8:0000:0000:0000:0000:0000:0001", "10.0.0.1"] });
    expect(issued.status).toBe(201);
    const from = (ip: string) => call("/api/v1/account", { key: issued.json.key, headers: { "CF-Connecting-IP": ip } });
    expect((await from("2001:db8::1")).status).toBe(200);
    expect((await from("2001:db8::2")).status).toBe(403);
    expect((await from("10.0.0.1")).status).toBe(200);
  });

  it("refuses allowlist entries that could never match, naming each one", async () => {
    const t = await createTenant();
    const refused = await issue(t.id, { mode: "live", allowed_ips: ["203.0.113.7", "cafe", "1", ":::", "010.000.000.001"] });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe("validation_failed");
    const message = "an IPv4 or IPv6 address, or an IPv4 CIDR range";
    expect(refused.json.error.details).toEqual([1, 2, 3, 4].map((i) => ({ field: `allowed_ips[${i}]`, code: "invalid_value", message })));
  });
});

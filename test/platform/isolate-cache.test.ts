import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ISOLATE_CACHE_TTL_MS } from "../../src/platform/isolate-cache";
import { admin, call, createFlow, createTenant } from "../support/http";

// A change made through another isolate is a D1 write that this isolate's copy knows nothing of.
const elsewhere = (sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .run();
const pastTheBound = () => vi.setSystemTime(Date.now() + ISOLATE_CACHE_TTL_MS + 1);

let n = 0;
const submit = (key: string, flowId: string) =>
  call(`/api/v1/flows/${flowId}/leads`, { key, body: { lead: { email: `cache${n++}@acme.example`, age: 30 } } });

const post = (formId: string) =>
  call(`/f/${formId}`, {
    rawBody: new URLSearchParams({ email: `form${n++}@acme.example` }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", "CF-Connecting-IP": `192.0.2.${n % 200}` },
  });

beforeEach(() => vi.useFakeTimers({ toFake: ["Date"], now: Date.now() }));
afterEach(() => vi.useRealTimers());

describe("what an isolate keeps of keys, flows and forms", () => {
  it("stops a key revoked here at once, and one revoked elsewhere within the bound", async () => {
    const t = await createTenant();
    const here = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live" } });
    expect((await call("/api/v1/account", { key: here.json.key })).status).toBe(200);
    await admin(`/admin/api-keys/${here.json.id}`, { method: "DELETE" });
    expect((await call("/api/v1/account", { key: here.json.key })).status).toBe(401);

    const away = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live" } });
    expect((await call("/api/v1/account", { key: away.json.key })).status).toBe(200);
    await elsewhere("UPDATE api_keys SET revoked_at = ? WHERE id = ?", new Date().toISOString(), away.json.id);
    expect((await call("/api/v1/account", { key: away.json.key })).status).toBe(200);
    pastTheBound();
    const revoked = await call("/api/v1/account", { key: away.json.key });
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.message).toContain("revoked");
  });

  it("applies a plan changed here to the next request", async () => {
    const t = await createTenant("enterprise");
    expect((await call("/api/v1/account", { key: t.liveKey })).headers.get("X-RateLimit-Limit")).toBeNull();
    await admin(`/admin/tenants/${t.id}`, { method: "PATCH", body: { plan: "starter" } });
    expect((await call("/api/v1/account", { key: t.liveKey })).headers.get("X-RateLimit-Limit")).toBe("100");
  });

  it("applies a flow setting changed here at once, and one changed elsewhere within the bound", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    expect((await submit(t.liveKey, flow.id)).json.status).toBe("accepted");
    const put = await call(`/api/v1/flows/${flow.id}/settings`, {
      key: t.liveKey,
      method: "PUT",
      body: { settings: { acceptance_criteria: "lead.age >= 40" } },
    });
    expect(put.status).toBe(200);
    expect((await submit(t.liveKey, flow.id)).json).toMatchObject({ status: "rejected", rule: "lead.age >= 40" });

    await elsewhere("UPDATE flows SET settings = json_set(settings, '$.acceptance_criteria', 'lead.age >= 21') WHERE id = ?", flow.id);
    expect((await submit(t.liveKey, flow.id)).json.status).toBe("rejected");
    pastTheBound();
    expect((await submit(t.liveKey, flow.id)).json.status).toBe("accepted");
  });

  it("refuses leads for a flow archived here at once, and for one archived elsewhere within the bound", async () => {
    const t = await createTenant();
    const [here, away] = [await createFlow(t.liveKey), await createFlow(t.liveKey)];
    expect((await submit(t.liveKey, here.id)).status).toBe(201);
    expect((await call(`/api/v1/flows/${here.id}`, { key: t.liveKey, method: "DELETE" })).status).toBe(200);
    expect((await submit(t.liveKey, here.id)).status).toBe(409);

    expect((await submit(t.liveKey, away.id)).status).toBe(201);
    await elsewhere("UPDATE flows SET status = 'archived' WHERE id = ?", away.id);
    expect((await submit(t.liveKey, away.id)).status).toBe(201);
    pastTheBound();
    expect((await submit(t.liveKey, away.id)).status).toBe(409);
  });

  it("closes a form switched off here at once, and one switched off elsewhere within the bound", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const form = (await call("/api/v1/forms", { key: t.liveKey, body: { flow_id: flow.id, name: "Cached" } })).json;
    const other = (await call("/api/v1/forms", { key: t.liveKey, body: { flow_id: flow.id, name: "Other" } })).json;
    expect((await post(form.id)).status).toBe(201);
    expect((await call(`/api/v1/forms/${form.id}`, { key: t.liveKey, method: "PATCH", body: { enabled: false } })).status).toBe(200);
    expect((await post(form.id)).status).toBe(404);

    expect((await post(other.id)).status).toBe(201);
    await elsewhere("UPDATE forms SET enabled = 0 WHERE id = ?", other.id);
    expect((await post(other.id)).status).toBe(201);
    pastTheBound();
    expect((await post(other.id)).status).toBe(404);
  });

  it("times each stage of a lead's way in a Server-Timing header", async () => {
    const stagesOf = (res: { headers: Headers }) =>
      (res.headers.get("Server-Timing") ?? "").split(", ").map((entry) => entry.split(";")[0]);
    const t = await createTenant("enterprise");
    const flow = await createFlow(t.liveKey);
    const res = await submit(t.liveKey, flow.id);
    expect(stagesOf(res)).toEqual(["auth", "flow", "enhance", "gate", "write", "total"]);
    const limited = await createTenant("growth");
    const limitedFlow = await createFlow(limited.liveKey);
    expect(stagesOf(await submit(limited.liveKey, limitedFlow.id))).toEqual([
      "auth",
      "ratelimit",
      "flow",
      "enhance",
      "gate",
      "write",
      "total",
    ]);
    expect(res.headers.get("Server-Timing")).toMatch(/^(\w+;dur=\d+\.\d, )+total;dur=\d+\.\d$/);
    const refused = await call("/api/v1/account");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("Server-Timing")).toMatch(/^total;dur=/);
  });
});

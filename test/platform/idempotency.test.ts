import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { sha256Hex } from "../../src/platform/crypto";
import { count } from "../support/db";
import { call, createTenant } from "../support/http";

const site = { name: "Landing", url: "https://landing.example" };

const siteCount = (tenantId: string) => count("SELECT COUNT(*) AS n FROM sites WHERE tenant_id = ?", tenantId);

/** D1 that fails the statements matching `sql`, as a row over D1's size limit would: a fault at the binding. */
function refusing(db: D1Database, sql: RegExp): D1Database {
  const method = (target: object, name: PropertyKey) => {
    const value = Reflect.get(target, name);
    return typeof value === "function" ? value.bind(target) : value;
  };
  const session = (inner: D1DatabaseSession) =>
    new Proxy(inner, {
      get: (target, name) =>
        name === "prepare"
          ? (query: string) => {
              if (sql.test(query)) throw new Error("D1_ERROR: string or blob too big");
              return target.prepare(query);
            }
          : method(target, name),
    });
  return new Proxy(db, {
    get: (target, name) => (name === "withSession" ? (at?: string) => session(target.withSession(at)) : method(target, name)),
  });
}

async function fetchWorker(bindings: Env, key: string, idempotencyKey: string) {
  const execution = createExecutionContext();
  const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": idempotencyKey };
  const request = new Request("http://leadedge.test/v1/sites", { method: "POST", headers, body: JSON.stringify(site) });
  const response = await worker.fetch!(request as Request<unknown, IncomingRequestCfProperties>, bindings, execution);
  await waitOnExecutionContext(execution);
  return response;
}

/** An in-flight claim on `key` for the site POST, made `minutesAgo` by a request that never let go of it. */
async function leftInFlight(tenantId: string, key: string, minutesAgo: number) {
  const apiKey = await env.DB.prepare("SELECT id FROM api_keys WHERE tenant_id = ? AND mode = 'live'").bind(tenantId).first<string>("id");
  const createdAt = new Date(Date.now() - minutesAgo * 60_000);
  const expiresAt = new Date(createdAt.getTime() + 24 * 3_600_000);
  const fingerprint = await sha256Hex(`POST /v1/sites\n${JSON.stringify(site)}`);
  await env.DB.prepare(
    "INSERT INTO idempotency_keys (tenant_id, test_mode, api_key_id, key, fingerprint, state, created_at, expires_at) " +
      "VALUES (?, 0, ?, ?, ?, 'in_flight', ?, ?)",
  )
    .bind(tenantId, apiKey, key, fingerprint, createdAt.toISOString(), expiresAt.toISOString())
    .run();
}

describe("Idempotency-Key", () => {
  it("replays the first response byte for byte, with Idempotent-Replayed, and writes once", async () => {
    const t = await createTenant();
    const headers = { "Idempotency-Key": "create-site-1" };
    const first = await call("/v1/sites", { key: t.liveKey, body: site, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const second = await call("/v1/sites", { key: t.liveKey, body: site, headers });
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(second.headers.get("Content-Type")).toBe(first.headers.get("Content-Type"));
    expect(first.headers.get("X-Request-Id")).toMatch(/^req_/);
    expect(second.headers.get("X-Request-Id")).toMatch(/^req_/);
    expect(second.headers.get("X-Request-Id")).not.toBe(first.headers.get("X-Request-Id"));
    expect(first.headers.get("X-RateLimit-Limit")).toMatch(/^\d+$/);
    expect(second.headers.get("X-RateLimit-Limit")).toBe(first.headers.get("X-RateLimit-Limit"));
    expect(Number(second.headers.get("X-RateLimit-Remaining"))).toBe(Number(first.headers.get("X-RateLimit-Remaining")) - 1);
    expect(await siteCount(t.id)).toBe(1);
  });

  it("keeps and replays an answer too large to encode in one call (600 analysed leads)", async () => {
    const t = await createTenant("enterprise");
    const leads = Array.from({ length: 600 }, (_, i) => ({ email: `big-${i}@bigco.example`, engagement_score: i % 100 }));
    const request = { key: t.liveKey, body: { leads }, headers: { "Idempotency-Key": "big-answer" } };
    const first = await call("/v1/leads/analyze", request);
    expect(first.status).toBe(200);
    expect(first.text.length).toBeGreaterThan(130_000);
    const retry = await call("/v1/leads/analyze", request);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.text).toBe(first.text);
  });

  it("releases the key when the answer cannot be stored, so the client gets its answer and a retry runs again", async () => {
    const t = await createTenant();
    const failingStore = refusing(env.DB, /^update "idempotency_keys"/);
    const first = await fetchWorker({ ...env, DB: failingStore }, t.liveKey, "unstored");
    expect(first.status).toBe(201);
    expect(await count("SELECT COUNT(*) AS n FROM idempotency_keys WHERE tenant_id = ?", t.id)).toBe(0);
    const retry = await call("/v1/sites", { key: t.liveKey, body: site, headers: { "Idempotency-Key": "unstored" } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await siteCount(t.id)).toBe(2);
  });

  it("keeps a create answer sealed at rest, so a stored webhook secret is not readable in the database", async () => {
    const t = await createTenant();
    const request = { key: t.liveKey, body: { url: "https://hooks.example/h", events: ["*"] }, headers: { "Idempotency-Key": "hook-1" } };
    const first = await call("/v1/webhooks", request);
    expect(first.status).toBe(201);
    const secret: string = first.json.data.secret;
    const row = await env.DB.prepare("SELECT response_body FROM idempotency_keys WHERE tenant_id = ? AND key = 'hook-1'")
      .bind(t.id)
      .first<{ response_body: string }>();
    expect(row?.response_body).not.toContain(secret.slice("whsec_".length, "whsec_".length + 12));
    expect(row?.response_body).not.toContain("whsec_");
    const replayed = await call("/v1/webhooks", request);
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replayed.text).toBe(first.text);
  });

  it("runs a request again when its stored answer cannot be opened (sealed under another secret)", async () => {
    const t = await createTenant();
    const headers = { "Idempotency-Key": "unreadable" };
    await call("/v1/sites", { key: t.liveKey, body: site, headers });
    await env.DB.prepare("UPDATE idempotency_keys SET response_body = 'v1.AAAA.AAAA' WHERE tenant_id = ? AND key = 'unreadable'")
      .bind(t.id)
      .run();
    const again = await call("/v1/sites", { key: t.liveKey, body: site, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await siteCount(t.id)).toBe(2);
  });

  it("refuses the same key with another body with 422 naming the header", async () => {
    const t = await createTenant();
    const headers = { "Idempotency-Key": "k-mismatch" };
    await call("/v1/sites", { key: t.liveKey, body: site, headers });
    const res = await call("/v1/sites", { key: t.liveKey, body: { ...site, name: "Other" }, headers });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ success: false, error: { code: "IDEMPOTENCY_KEY_MISMATCH", details: { field: "Idempotency-Key" } } });
    expect(await siteCount(t.id)).toBe(1);
  });

  it("lets exactly one of many concurrent duplicates run; the others get 409 or the replay", async () => {
    const t = await createTenant("enterprise");
    const headers = { "Idempotency-Key": "concurrent" };
    const results = await Promise.all(Array.from({ length: 12 }, () => call("/v1/sites", { key: t.liveKey, body: site, headers })));
    const fresh = results.filter((r) => r.status === 201 && !r.headers.get("Idempotent-Replayed"));
    expect(fresh).toHaveLength(1);
    for (const r of results) {
      if (r.status === 409) expect(r.json.error.code).toBe("IDEMPOTENCY_KEY_IN_USE");
      else expect(r.text).toBe(fresh[0]!.text);
    }
    expect(results.some((r) => r.status === 409)).toBe(true);
    expect(await siteCount(t.id)).toBe(1);
  });

  it("scopes keys per tenant and per mode", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const headers = { "Idempotency-Key": "shared-key" };
    const inA = await call("/v1/sites", { key: a.liveKey, body: site, headers });
    const inB = await call("/v1/sites", { key: b.liveKey, body: site, headers });
    const inATest = await call("/v1/sites", { key: a.testKey, body: site, headers });
    expect([inA.status, inB.status, inATest.status]).toEqual([201, 201, 201]);
    expect(new Set([inA.json.data.id, inB.json.data.id, inATest.json.data.id]).size).toBe(3);
    expect(inB.headers.get("Idempotent-Replayed")).toBeNull();
    expect(inATest.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("replays a stored 4xx answer too, and starts over once the key has expired", async () => {
    const t = await createTenant();
    const headers = { "Idempotency-Key": "bad-body" };
    const first = await call("/v1/sites", { key: t.liveKey, body: { name: "No URL" }, headers });
    expect(first.status).toBe(400);
    const replay = await call("/v1/sites", { key: t.liveKey, body: { name: "No URL" }, headers });
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.text).toBe(first.text);

    await call("/v1/sites", { key: t.liveKey, body: site, headers: { "Idempotency-Key": "old" } });
    await env.DB.prepare("UPDATE idempotency_keys SET expires_at = ? WHERE tenant_id = ? AND key = 'old'")
      .bind(new Date(Date.now() - 1000).toISOString(), t.id)
      .run();
    const after = await call("/v1/sites", { key: t.liveKey, body: { ...site, name: "New" }, headers: { "Idempotency-Key": "old" } });
    expect(after.status).toBe(201);
    expect(after.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await siteCount(t.id)).toBe(2);
  });

  it("publishes a 24 h expiry and refuses an over-long key", async () => {
    const t = await createTenant();
    await call("/v1/sites", { key: t.liveKey, body: site, headers: { "Idempotency-Key": "ttl" } });
    const row = await env.DB.prepare("SELECT created_at, expires_at FROM idempotency_keys WHERE tenant_id = ?")
      .bind(t.id)
      .first<{ created_at: string; expires_at: string }>();
    expect(Date.parse(row!.expires_at) - Date.parse(row!.created_at)).toBe(24 * 3600 * 1000);
    const long = await call("/v1/sites", { key: t.liveKey, body: site, headers: { "Idempotency-Key": "x".repeat(256) } });
    expect(long.status).toBe(400);
    expect(long.json.error.details.field).toBe("Idempotency-Key");
  });

  it("is a 503 naming EMAIL_SECRET where production has none to keep answers with, and runs nothing", async () => {
    const t = await createTenant();
    const { EMAIL_SECRET: _, ...bindings } = { ...env, ENVIRONMENT: "production" } as Env & { EMAIL_SECRET?: string };
    const refused = await fetchWorker(bindings as Env, t.liveKey, "no-secret-1");
    expect(refused.status).toBe(503);
    expect((await refused.json<any>()).error.details).toEqual({
      field: "Idempotency-Key",
      issue: "this deployment has no EMAIL_SECRET to keep answers with, so a retry would run the request again",
    });
    expect(await siteCount(t.id)).toBe(0);
    expect(await count("SELECT COUNT(*) n FROM idempotency_keys WHERE tenant_id = ?", t.id)).toBe(0);
  });

  it("takes over a key left in flight past 5 minutes (its isolate died), and answers 409 while it may still run", async () => {
    const t = await createTenant();
    await leftInFlight(t.id, "died-6-min-ago", 6);
    await leftInFlight(t.id, "running-1-min", 1);
    const headers = { "Idempotency-Key": "died-6-min-ago" };
    const retry = await call("/v1/sites", { key: t.liveKey, body: site, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBeNull();
    const replay = await call("/v1/sites", { key: t.liveKey, body: site, headers });
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.text).toBe(retry.text);
    const row = await env.DB.prepare("SELECT state, response_status FROM idempotency_keys WHERE tenant_id = ? AND key = ?")
      .bind(t.id, "died-6-min-ago")
      .first();
    expect(row).toEqual({ state: "completed", response_status: 201 });

    const running = await call("/v1/sites", { key: t.liveKey, body: site, headers: { "Idempotency-Key": "running-1-min" } });
    expect(running.status).toBe(409);
    expect(running.json.error.code).toBe("IDEMPOTENCY_KEY_IN_USE");
    expect(await siteCount(t.id)).toBe(1);
  });
});

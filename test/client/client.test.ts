// @leadedge/client (clients/typescript) against the real Worker, inside workerd: typed calls, the
// Idempotency-Key on creates, the list iterators of both paging schemes, and retries.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { all, createLeadedge, LeadedgeError, retryAfterMs, unwrap } from "../../clients/typescript/src/index";
import type { TenantRateLimiter } from "../../src/objects/tenant-rate-limiter";
import { createTenant } from "../support/http";

/** A client whose requests go to the Worker's fetch handler; `seen` records each request as sent. */
function clientFor(apiKey: string, retry: Parameters<typeof createLeadedge>[0]["retry"] = false) {
  const seen: { method: string; path: string; idempotencyKey: string | null }[] = [];
  const leadedge = createLeadedge({
    apiKey,
    baseUrl: "http://leadedge.test",
    retry,
    fetch: async (request) => {
      seen.push({ method: request.method, path: new URL(request.url).pathname, idempotencyKey: request.headers.get("Idempotency-Key") });
      return exports.default.fetch(request);
    },
  });
  return { leadedge, seen };
}

describe("@leadedge/client against the Worker", () => {
  it("sends typed calls, with a fresh Idempotency-Key on each POST and none on a GET", async () => {
    const t = await createTenant();
    const { leadedge, seen } = clientFor(t.liveKey);
    const flow = await unwrap(leadedge.POST("/api/v1/flows", { body: { name: "Client flow" } }));
    const lead = await unwrap(
      leadedge.POST("/api/v1/flows/{flow_id}/leads", {
        params: { path: { flow_id: flow.id } },
        body: { lead: { email: "ada@acme.example" } },
      }),
    );
    expect(lead.status).toBe("accepted");
    const found = await unwrap(leadedge.GET("/api/v1/leads/{lead_id}", { params: { path: { lead_id: lead.id } } }));
    expect(found.lead_data.email).toBe("ada@acme.example");
    const [createFlow, createLead, getLead] = seen;
    expect(createFlow!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(createLead!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(createLead!.idempotencyKey).not.toBe(createFlow!.idempotencyKey);
    expect(getLead).toEqual({ method: "GET", path: `/api/v1/leads/${lead.id}`, idempotencyKey: null });
  });

  it("keeps a caller's Idempotency-Key, so a repeated create replays the first answer", async () => {
    const t = await createTenant();
    const { leadedge } = clientFor(t.liveKey);
    const options = { body: { name: "Acme", url: "https://acme.example" }, headers: { "Idempotency-Key": "site-1" } };
    const first = await leadedge.POST("/v1/sites", options);
    const again = await leadedge.POST("/v1/sites", options);
    expect(again.data).toEqual(first.data);
    expect(again.response.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await unwrap(leadedge.GET("/v1/sites"))).data).toHaveLength(1);
  });

  it("throws LeadedgeError with the status, the dialect's body and the request id", async () => {
    const t = await createTenant();
    const { leadedge } = clientFor(t.liveKey);
    const error = await unwrap(leadedge.GET("/api/v1/leads/{lead_id}", { params: { path: { lead_id: "lead_missing" } } })).catch((e) => e);
    expect(error).toBeInstanceOf(LeadedgeError);
    expect(error.status).toBe(404);
    expect(error.body.error.code).toBe("not_found");
    expect(error.requestId).toBe(error.body.error.request_id);
  });

  it("iterates an offset-paginated list (limit/offset) across pages, in order", async () => {
    const t = await createTenant();
    const { leadedge, seen } = clientFor(t.liveKey);
    for (const n of [1, 2, 3, 4, 5])
      await unwrap(leadedge.POST("/v1/sites", { body: { name: `Site ${n}`, url: `https://site${n}.example` } }));
    const listed = await all(leadedge.list.sites(2));
    const onePage = await unwrap(leadedge.GET("/v1/sites", { params: { query: { limit: 100 } } }));
    expect(listed.map((s) => s.id)).toEqual(onePage.data.map((s) => s.id));
    expect(listed).toHaveLength(5);
    // Pages of 2, 2 and 1: the short page ends it.
    expect(seen.filter((r) => r.method === "GET" && r.path === "/v1/sites")).toHaveLength(4);
  });

  it("iterates a page-numbered list (page/per_page) across pages", async () => {
    const t = await createTenant();
    const { leadedge } = clientFor(t.liveKey);
    const rows = Array.from({ length: 5 }, (_, i) => ({ company: `Co ${i}`, website: `co${i}.example`, email: `p${i}@co${i}.example` }));
    await unwrap(leadedge.POST("/api/agents/sales/prospects/import", { body: { rows } }));
    const contacts = await all(leadedge.list.prospectContacts({}, 2));
    expect(contacts.map((c) => c.email).sort()).toEqual(rows.map((r) => r.email).sort());
    const companies = await all(leadedge.list.prospectCompanies({ q: "Co 3" }, 2));
    expect(companies.map((c) => c.name)).toEqual(["Co 3"]);
  });

  it("hands back a real 429 whose Retry-After is longer than it may wait, without waiting", async () => {
    const t = await createTenant("starter");
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(t.id));
    await runInDurableObject(stub, (_instance: TenantRateLimiter, state) => {
      const start = Math.floor(Date.now() / 1000 / 3600) * 3600;
      state.storage.sql.exec("INSERT OR REPLACE INTO windows (name, start, count) VALUES ('hourly', ?, 1000)", start);
    });
    const waits: number[] = [];
    const { leadedge, seen } = clientFor(t.liveKey, { retries: 3, maxDelayMs: 1000, sleep: async (ms) => void waits.push(ms) });
    const { response } = await leadedge.GET("/api/v1/account");
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(1);
    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

/** A fetch answering from a script of statuses and headers, keeping each request's body and key. */
function scripted(answers: { status: number; headers?: Record<string, string> }[]) {
  const requests: { body: string; key: string | null }[] = [];
  const fetch = async (request: Request) => {
    requests.push({ body: await request.text(), key: request.headers.get("Idempotency-Key") });
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!;
    return new Response(JSON.stringify({ n: requests.length }), { status: answer.status, headers: answer.headers });
  };
  return { fetch, requests };
}

describe("retries", () => {
  it("retries 429 and 503 as Retry-After says, resending the same body and Idempotency-Key", async () => {
    const { fetch, requests } = scripted([{ status: 429, headers: { "Retry-After": "2" } }, { status: 503 }, { status: 201 }]);
    const waits: number[] = [];
    const leadedge = createLeadedge({ apiKey: "lk_test_x", fetch, retry: { sleep: async (ms) => void waits.push(ms) } });
    const { response } = await leadedge.POST("/v1/sites", { body: { name: "Acme", url: "https://acme.example" } });
    expect(response.status).toBe(201);
    // 2 s from Retry-After, then the default backoff's second step (500 ms doubled) for a 503 without one.
    expect(waits).toEqual([2000, 1000]);
    expect(new Set(requests.map((r) => r.body))).toEqual(new Set([JSON.stringify({ name: "Acme", url: "https://acme.example" })]));
    expect(new Set(requests.map((r) => r.key)).size).toBe(1);
    expect(requests[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stops after its retries and hands back the last answer", async () => {
    const { fetch, requests } = scripted([{ status: 503, headers: { "Retry-After": "0" } }]);
    const leadedge = createLeadedge({ apiKey: "lk_test_x", fetch, retry: { retries: 2, sleep: async () => {} } });
    const { response } = await leadedge.GET("/api/v1/account");
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(3);
  });

  it("does not retry other errors, nor at all when retry is false", async () => {
    const bad = scripted([{ status: 500 }, { status: 200 }]);
    expect((await createLeadedge({ apiKey: "k", fetch: bad.fetch }).GET("/api/v1/account")).response.status).toBe(500);
    const off = scripted([{ status: 429, headers: { "Retry-After": "1" } }, { status: 200 }]);
    expect((await createLeadedge({ apiKey: "k", fetch: off.fetch, retry: false }).GET("/api/v1/account")).response.status).toBe(429);
    expect([bad.requests.length, off.requests.length]).toEqual([1, 1]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-12-02T12:00:00Z");
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs("Wed, 02 Dec 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 02 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});

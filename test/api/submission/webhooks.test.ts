import { createScheduledController, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dispatchOutbox } from "../../../src/domain/webhooks/dispatch";
import worker from "../../../src/index";
import { call, createFlow, createTenant } from "../../support/http";
import { received, settled } from "../../support/workflows";

const inboxUrl = (behaviour: string) => {
  const inbox = crypto.randomUUID();
  return { inbox, url: `https://receiver.test/${behaviour}/${inbox}` };
};
const tellReceiverSecret = (inbox: string, secret: string) =>
  fetch(`https://receiver.test/configure/${inbox}`, { method: "POST", body: JSON.stringify({ secret }) });

async function endpointFor(key: string, url: string, events: string[], secret?: string) {
  const res = await call("/v1/webhooks", { key, body: { url, events, ...(secret ? { secret } : {}) } });
  expect(res.status).toBe(201);
  return res.json.data;
}

describe("webhook endpoints", () => {
  it("are managed in the scoring dialect at /v1/webhooks and the submission dialect at /api/v1/webhooks", async () => {
    const t = await createTenant();
    const created = await call("/v1/webhooks", {
      key: t.liveKey,
      body: { url: "https://company.com/webhooks/leadedge", events: ["lead.hot", "lead.scored"] },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      status: "success",
      data: {
        id: expect.stringMatching(/^whk_/),
        url: "https://company.com/webhooks/leadedge",
        description: null,
        events: ["lead.hot", "lead.scored"],
        enabled: true,
        disabled_reason: null,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]{32}$/),
        secret_hint: expect.any(String),
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    });
    const id = created.json.data.id;
    const viaSubmission = await call(`/api/v1/webhooks/${id}`, { key: t.liveKey });
    expect(viaSubmission.json).toMatchObject({ id, events: ["lead.hot", "lead.scored"] });
    expect(viaSubmission.json.secret).toBeUndefined();
    expect((await call("/api/v1/webhooks", { key: t.liveKey })).json.webhooks.map((w: any) => w.id)).toEqual([id]);
    expect((await call("/v1/webhooks", { key: t.liveKey })).json).toMatchObject({ status: "success", data: [{ id }] });
    const rotated = await call(`/v1/webhooks/${id}`, { key: t.liveKey, method: "PATCH", body: { rotate_secret: true, events: ["*"] } });
    expect(rotated.json.data.secret).not.toBe(created.json.data.secret);
    expect(rotated.json.data.events).toEqual(["*"]);
    expect((await call(`/api/v1/webhooks/${id}`, { key: t.liveKey, method: "DELETE" })).json).toEqual({ id, deleted: true });
    expect((await call(`/v1/webhooks/${id}`, { key: t.liveKey })).status).toBe(404);
  });

  it("refuse unknown events and unsafe URLs, naming the field", async () => {
    const t = await createTenant();
    const events = await call("/api/v1/webhooks", { key: t.liveKey, body: { url: "https://ok.example/h", events: ["lead.exploded"] } });
    expect(events.status).toBe(400);
    expect(events.json.error.details[0].field).toBe("events[0]");
    for (const url of [
      "http://127.0.0.1/hook",
      "http://localhost:8080/hook",
      "http://10.1.2.3/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/hook",
      "http://192.168.1.10/x",
      "http://metadata.google.internal/",
      "ftp://files.example/x",
    ]) {
      const res = await call("/v1/webhooks", { key: t.liveKey, body: { url, events: ["*"] } });
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.json).toMatchObject({ status: "error", error: { details: { field: "url" } } });
    }
  });

  it("hint a generated secret by a SHA-256 fingerprint and a custom one not at all", async () => {
    const t = await createTenant();
    const generated = await endpointFor(t.liveKey, "https://hint.example/g", ["*"]);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(generated.secret)));
    const fingerprint = [...digest]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("")
      .slice(0, 8);
    expect(generated.secret_hint).toBe(`sha256:${fingerprint}`);
    const custom = await endpointFor(t.liveKey, "https://hint.example/c", ["*"], "hunter22hunter22hunter22");
    for (const path of [`/v1/webhooks/${custom.id}`, `/api/v1/webhooks/${custom.id}`]) {
      const read = await call(path, { key: t.liveKey });
      const body = read.json.data ?? read.json;
      expect(body.secret_hint).toBeNull();
      expect(JSON.stringify(read.json)).not.toMatch(/hunter|er22/);
    }
    const listed = (await call("/v1/webhooks", { key: t.liveKey })).json.data;
    expect(listed.find((e: any) => e.id === generated.id).secret_hint).toBe(`sha256:${fingerprint}`);
    const rotated = await call(`/v1/webhooks/${custom.id}`, { key: t.liveKey, method: "PATCH", body: { rotate_secret: true } });
    expect(rotated.json.data.secret_hint).toMatch(/^sha256:[0-9a-f]{8}$/);
  });

  it("refuse a custom secret shorter than 24 characters, naming the field", async () => {
    const t = await createTenant();
    for (const path of ["/v1/webhooks", "/api/v1/webhooks"]) {
      const res = await call(path, { key: t.liveKey, body: { url: "https://ok.example/h", events: ["*"], secret: "hunter22hunter22" } });
      expect([path, res.status]).toEqual([path, 400]);
      expect(JSON.stringify(res.json)).toContain('"field":"secret"');
    }
  });

  it("answer another tenant's endpoint ids with 404", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const id = (await endpointFor(a.liveKey, "https://a.example/h", ["*"])).id;
    for (const [method, path, body] of [
      ["GET", `/v1/webhooks/${id}`],
      ["PATCH", `/v1/webhooks/${id}`, { enabled: false }],
      ["DELETE", `/api/v1/webhooks/${id}`],
      ["GET", `/api/v1/webhooks/${id}/deliveries`],
      ["POST", `/v1/webhooks/${id}/deliveries/dlv_x/redeliver`],
    ] as const) {
      expect((await call(path, { key: b.liveKey, method, body })).status).toBe(404);
    }
    expect((await call("/v1/webhooks", { key: b.liveKey })).json.data).toEqual([]);
  });
});

describe("webhook delivery", () => {
  it("retries a failing receiver until it answers, with one event id and verifiable signatures on every attempt", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { inbox, url } = inboxUrl("fail-3");
    const endpoint = await endpointFor(t.liveKey, url, ["lead.accepted"]);
    await tellReceiverSecret(inbox, endpoint.secret);
    const flow = await createFlow(t.liveKey);
    const lead = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { first_name: "John", email: "john@acme.example" } },
    });

    const [output] = await settled(workflows, 1);
    expect(output).toMatchObject({ outcome: "succeeded", attempts: 4 });
    const got = await received(inbox);
    expect(got.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(got.every((r) => r.standardwebhooks_verified)).toBe(true);
    const payload = JSON.parse(got[3].body);
    expect(payload).toEqual({
      event_type: "lead.accepted",
      timestamp: expect.any(String),
      flow_id: flow.id,
      lead_id: lead.json.id,
      data: { lead: { first_name: "John", name: "John", email: "john@acme.example" }, quality_score: expect.any(Number) },
      signature: expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
    });
    expect(got[3].body).toBe(JSON.stringify(payload));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(endpoint.secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    const hex = async (text: string) =>
      [...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)))]
        .map((b) => b.toString(16).padStart(2, "0"))
        .join("");
    expect(got[3].headers["x-leadedge-signature"]).toBe(`sha256=${await hex(got[3].body)}`);
    // The seed's payload signs itself: the body's signature is the HMAC of the rest of the body.
    const { signature, ...signed } = payload;
    expect(signature).toBe(`sha256=${await hex(JSON.stringify(signed))}`);

    const log = await call(`/api/v1/webhooks/${endpoint.id}/deliveries`, { key: t.liveKey });
    expect(log.json.deliveries.map((d: any) => [d.attempt, d.outcome, d.response_status])).toEqual([
      [4, "succeeded", 200],
      [3, "failed", 500],
      [2, "failed", 500],
      [1, "failed", 500],
    ]);
    expect(log.json.deliveries[1].next_retry_at).toEqual(expect.any(String));
    expect(log.json.deliveries[0].next_retry_at).toBeNull();
  });

  it("sends nothing to endpoints that did not subscribe, and keeps test and live apart", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const rejectedOnly = inboxUrl("ok");
    await endpointFor(t.liveKey, rejectedOnly.url, ["lead.rejected"]);
    const testModeAll = inboxUrl("ok");
    await call("/v1/webhooks", { key: t.testKey, body: { url: testModeAll.url, events: ["*"] } });
    const all = inboxUrl("ok");
    await endpointFor(t.liveKey, all.url, ["*"]);
    const flow = await createFlow(t.liveKey);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "one@acme.example" } } });
    await settled(workflows, 2);
    expect((await received(all.inbox)).map((r) => JSON.parse(r.body).event_type).sort()).toEqual(["lead.accepted", "lead.received"]);
    expect(await received(rejectedOnly.inbox)).toEqual([]);
    expect(await received(testModeAll.inbox)).toEqual([]);
  });

  it("disables an endpoint that answers 410 and records a webhook.disabled event", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { url } = inboxUrl("gone");
    const endpoint = await endpointFor(t.liveKey, url, ["lead.received"]);
    const flow = await createFlow(t.liveKey);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "x@acme.example" } } });
    const [output] = await settled(workflows, 1);
    expect(output).toMatchObject({ outcome: "gone", attempts: 1 });
    expect((await call(`/v1/webhooks/${endpoint.id}`, { key: t.liveKey })).json.data).toMatchObject({
      enabled: false,
      disabled_reason: "endpoint answered 410 Gone",
    });
    const notice = await env.DB.prepare("SELECT payload FROM outbox_events WHERE tenant_id = ? AND event_type = 'webhook.disabled'")
      .bind(t.id)
      .first<{ payload: string }>();
    expect(JSON.parse(notice!.payload).data).toMatchObject({ endpoint_id: endpoint.id, reason: "endpoint answered 410 Gone" });
  });

  it("disables an endpoint whose deliveries have failed for 5 days in a row", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { url } = inboxUrl("fail-99");
    const endpoint = await endpointFor(t.liveKey, url, ["lead.received"]);
    await env.DB.prepare("UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?")
      .bind(new Date(Date.now() - 5 * 86_400_000 - 60_000).toISOString(), endpoint.id)
      .run();
    const flow = await createFlow(t.liveKey);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "x@acme.example" } } });
    const [output] = await settled(workflows, 1);
    expect(output).toMatchObject({ outcome: "skipped", attempts: 2 });
    expect((await call(`/v1/webhooks/${endpoint.id}`, { key: t.liveKey })).json.data).toMatchObject({
      enabled: false,
      disabled_reason: "deliveries failed for 5 days",
    });
    const reenabled = await call(`/v1/webhooks/${endpoint.id}`, { key: t.liveKey, method: "PATCH", body: { enabled: true } });
    expect(reenabled.json.data).toMatchObject({ enabled: true, disabled_reason: null });
  });

  it("counts a redirect as a failure and gives up after 5 retries", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { inbox, url } = inboxUrl("redirect");
    const endpoint = await endpointFor(t.liveKey, url, ["lead.received"]);
    const flow = await createFlow(t.liveKey);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "x@acme.example" } } });
    const [output] = await settled(workflows, 1);
    expect(output).toMatchObject({ outcome: "failed", attempts: 6 });
    expect(await received(inbox)).toHaveLength(6);
    const log = (await call(`/v1/webhooks/${endpoint.id}/deliveries`, { key: t.liveKey })).json.data;
    expect(log.every((d: any) => d.outcome === "failed" && d.response_status === 302)).toBe(true);
  });

  it("never calls a host that resolves to a private address", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const inbox = crypto.randomUUID();
    const endpoint = await endpointFor(t.liveKey, `https://hooks.private.test/ok/${inbox}`, ["lead.received"]);
    const flow = await createFlow(t.liveKey);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "x@acme.example" } } });
    await settled(workflows, 1);
    expect(await received(inbox)).toEqual([]);
    const log = (await call(`/v1/webhooks/${endpoint.id}/deliveries`, { key: t.liveKey })).json.data;
    expect(log[0].error).toBe("url resolves to a private address");
  });

  it("delivers lead_generation events with Uncodie-Signature, which the seed's own snippet verifies", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { inbox, url } = inboxUrl("ok");
    await endpointFor(t.liveKey, url, ["lead_generation.completed"], "your_webhook_secret_of_24_chars");
    await tellReceiverSecret(inbox, "your_webhook_secret_of_24_chars");
    const payload = {
      event: "lead_generation.completed",
      timestamp: "2024-05-02T14:45:22Z",
      site_id: "site_456abc",
      command_id: "cmd_abc123def456",
      data: { status: "completed", leads_count: 25 },
      metadata: { campaign_id: "spring_2024", source: "uncodie_api" },
    };
    await env.DB.prepare(
      "INSERT INTO outbox_events (id, tenant_id, test_mode, event_type, payload, created_at) VALUES (?, ?, 0, 'lead_generation.completed', ?, ?)",
    )
      .bind(`evt_seed${crypto.randomUUID().slice(0, 8)}`, t.id, JSON.stringify(payload), new Date().toISOString())
      .run();
    await dispatchOutbox(env, { tenantId: t.id });
    await settled(workflows, 1);
    const [delivery] = await received(inbox);
    expect(delivery.seed_snippet_verified).toBe(true);
    expect(delivery.standardwebhooks_verified).toBe(true);
    expect(JSON.parse(delivery.body)).toEqual(payload);
  });

  it("dispatches from the outbox once, even when the dispatch runs again (a Worker that died before dispatching)", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { inbox, url } = inboxUrl("ok");
    await endpointFor(t.liveKey, url, ["lead.converted"]);
    const eventId = `evt_orphan${crypto.randomUUID().slice(0, 8)}`;
    await env.DB.prepare(
      "INSERT INTO outbox_events (id, tenant_id, test_mode, event_type, payload, created_at) VALUES (?, ?, 0, 'lead.converted', '{\"event_type\":\"lead.converted\"}', ?)",
    )
      .bind(eventId, t.id, new Date().toISOString())
      .run();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
    await env.DB.prepare("UPDATE outbox_events SET dispatched_at = NULL WHERE id = ?").bind(eventId).run();
    await dispatchOutbox(env, { tenantId: t.id });
    await settled(workflows, 1);
    expect(await received(inbox)).toHaveLength(1);
    expect((await workflows.get()).length).toBe(1);
  });

  it("marks a tenant's events dispatched without deliveries while it has no endpoint, and delivers once it has one", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const insert = (id: string, createdAt: string) =>
      env.DB.prepare(
        "INSERT INTO outbox_events (id, tenant_id, test_mode, event_type, payload, created_at) VALUES (?, ?, 0, 'lead.converted', '{\"event_type\":\"lead.converted\"}', ?)",
      )
        .bind(id, t.id, createdAt)
        .run();
    const dispatchedAt = (id: string) =>
      env.DB.prepare("SELECT dispatched_at FROM outbox_events WHERE id = ?").bind(id).first<{ dispatched_at: string | null }>();
    const unheard = `evt_unheard${crypto.randomUUID().slice(0, 8)}`;
    // Stamped later than the dispatch's read of the endpoints: left for the next dispatch.
    const later = `evt_later${crypto.randomUUID().slice(0, 8)}`;
    await insert(unheard, new Date().toISOString());
    await insert(later, new Date(Date.now() + 60_000).toISOString());
    expect(await dispatchOutbox(env, { tenantId: t.id })).toBe(0);
    expect((await dispatchedAt(unheard))?.dispatched_at).not.toBeNull();
    expect((await dispatchedAt(later))?.dispatched_at).toBeNull();
    expect(await workflows.get()).toHaveLength(0);

    const { inbox, url } = inboxUrl("ok");
    await endpointFor(t.liveKey, url, ["lead.converted"]);
    expect(await dispatchOutbox(env, { tenantId: t.id })).toBe(1);
    await settled(workflows, 1);
    expect(await received(inbox)).toHaveLength(1);
    expect((await dispatchedAt(later))?.dispatched_at).not.toBeNull();
  });

  it("redelivers an event on request, with the same event id", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { inbox, url } = inboxUrl("ok");
    const endpoint = await endpointFor(t.liveKey, url, ["lead.received"]);
    const flow = await createFlow(t.liveKey);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "x@acme.example" } } });
    await settled(workflows, 1);
    const [delivery] = (await call(`/api/v1/webhooks/${endpoint.id}/deliveries`, { key: t.liveKey })).json.deliveries;
    const again = await call(`/api/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`, { key: t.liveKey, method: "POST" });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ delivery_id: delivery.id, event_id: delivery.event_id, status: "queued" });
    await settled(workflows, 2);
    const got = await received(inbox);
    expect(got).toHaveLength(2);
    expect(got[0].headers["webhook-id"]).toBe(got[1].headers["webhook-id"]);
  });
});

import { introspectWorkflow } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type * as flowRoutes from "../../../src/api/submission/flows/routes";
import { sendDigests } from "../../../src/domain/flows/notification-emails";
import { createSender } from "../../support/email";
import { call, createFlow, createTenant, type ResponseOf } from "../../support/http";
import { received, settled } from "../../support/workflows";

type SettingsAnswer = ResponseOf<typeof flowRoutes.updateFlowSettings, 200>;

const inboxUrl = (behaviour = "ok") => {
  const inbox = crypto.randomUUID();
  return { inbox, url: `https://receiver.test/${behaviour}/${inbox}` };
};
const tellReceiverSecret = (inbox: string, secret: string) =>
  fetch(`https://receiver.test/configure/${inbox}`, { method: "POST", body: JSON.stringify({ secret }) });

const putSettings = (key: string, flowId: string, settings: Record<string, unknown>) =>
  call<SettingsAnswer & { error?: any }>(`/api/v1/flows/${flowId}/settings`, { key, method: "PUT", body: { settings } });

const submit = (key: string, flowId: string, lead: Record<string, unknown>) =>
  call(`/api/v1/flows/${flowId}/leads`, { key, body: { lead, options: { async: true } } });

const notifications = (tenantId: string) =>
  env.DB.prepare("SELECT * FROM messages WHERE tenant_id = ? AND purpose = 'notification' ORDER BY created_at")
    .bind(tenantId)
    .all<Record<string, string>>()
    .then((r) => r.results);

describe("flow settings.notifications", () => {
  it("webhook_url: an endpoint managed for the flow gets that flow's lead events, signed, and follows the setting", async () => {
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    const t = await createTenant();
    const { inbox, url } = inboxUrl();
    const flow = await createFlow(t.liveKey, { name: "Notified" });
    const other = await createFlow(t.liveKey, { name: "Other" });
    const saved = await putSettings(t.liveKey, flow.id, { notifications: { webhook_url: url } });
    expect(saved.status).toBe(200);
    const notified = saved.json.settings.notifications!;
    expect(notified).toMatchObject({ webhook_url: url, webhook_endpoint_id: expect.stringMatching(/^whk_/) });
    expect(notified.webhook_secret).toMatch(/^whsec_/);
    await tellReceiverSecret(inbox, notified.webhook_secret!);
    // The secret is shown once; reads show the endpoint's id only.
    const read = await call(`/api/v1/flows/${flow.id}`, { key: t.liveKey });
    expect(read.json.settings.notifications).toEqual({ webhook_url: url, webhook_endpoint_id: notified.webhook_endpoint_id });
    expect(read.text).not.toContain(notified.webhook_secret);
    const endpoint = await call(`/api/v1/webhooks/${notified.webhook_endpoint_id}`, { key: t.liveKey });
    expect(endpoint.json).toMatchObject({
      url,
      events: ["lead.received", "lead.accepted", "lead.rejected", "lead.delivered", "lead.failed", "lead.converted"],
    });

    const lead = await submit(t.liveKey, flow.id, { email: "ada@acme.example" });
    await submit(t.liveKey, other.id, { email: "bob@acme.example" });
    await settled(deliveries, 2);
    const got = await received(inbox);
    expect(got.map((r) => JSON.parse(r.body).event_type).sort()).toEqual(["lead.accepted", "lead.received"]);
    expect(got.every((r) => r.standardwebhooks_verified && JSON.parse(r.body).lead_id === lead.json.id)).toBe(true);

    // Saving the same URL again keeps the endpoint and shows no secret; a new URL moves it; none removes it.
    const same = await putSettings(t.liveKey, flow.id, { notifications: { webhook_url: url, email: "ops@acme.example" } });
    expect(same.json.settings.notifications).toEqual({
      webhook_url: url,
      email: "ops@acme.example",
      webhook_endpoint_id: notified.webhook_endpoint_id,
    });
    const moved = await putSettings(t.liveKey, flow.id, { notifications: { webhook_url: "https://receiver.test/ok/moved" } });
    expect(moved.json.settings.notifications!.webhook_endpoint_id).toBe(notified.webhook_endpoint_id);
    expect((await call(`/api/v1/webhooks/${notified.webhook_endpoint_id}`, { key: t.liveKey })).json.url).toBe(
      "https://receiver.test/ok/moved",
    );
    const removed = await putSettings(t.liveKey, flow.id, { notifications: null });
    expect(removed.json.settings.notifications).toBeNull();
    expect((await call(`/api/v1/webhooks/${notified.webhook_endpoint_id}`, { key: t.liveKey })).status).toBe(404);
  });

  it("webhook_url: a scoring batch's callback to the same URL gets an endpoint of its own, and its completion arrives", async () => {
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    const t = await createTenant();
    const { inbox, url } = inboxUrl();
    const flow = await createFlow(t.liveKey, { name: "Notified" });
    const managed = (await putSettings(t.liveKey, flow.id, { notifications: { webhook_url: url } })).json.settings.notifications!;
    const batch = await call("/v1/leads/batch", {
      key: t.liveKey,
      body: { leads: [{ email: "cy@acme.example" }], async: false, webhook_url: url },
    });
    expect(batch.status).toBe(200);
    expect(batch.json.data.webhook.endpoint_id).not.toBe(managed.webhook_endpoint_id);
    await settled(deliveries, 1);
    expect((await received(inbox)).map((r) => JSON.parse(r.body).event)).toEqual(["scoring.batch.completed"]);
  });

  it("refuses a chosen secret in the whsec_ form that is not base64 after it, naming the field", async () => {
    const t = await createTenant();
    const res = await call("/api/v1/webhooks", {
      key: t.liveKey,
      body: { url: inboxUrl().url, events: ["lead.accepted"], secret: "whsec_my-own-secret-value-here!!" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      expect.objectContaining({ field: "secret", message: expect.stringContaining("whsec_ followed by base64") }),
    ]);
    const raw = await call("/api/v1/webhooks", {
      key: t.liveKey,
      body: { url: inboxUrl().url, events: ["lead.accepted"], secret: "my-own-secret-value-here!!" },
    });
    expect(raw.status).toBe(201);
  });

  it("webhook_url needs webhooks:write and a safe URL, naming the field; a flow created with one shows its secret once", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const narrow = (await call("/api/v1/api-keys", { key: t.liveKey, body: { scopes: ["flows:write", "flows:read"] } })).json.key;
    const denied = await putSettings(narrow, flow.id, { notifications: { webhook_url: "https://receiver.test/ok/x" } });
    expect(denied.status).toBe(403);
    expect(denied.json.error.details[0]).toMatchObject({ field: "settings.notifications.webhook_url", code: "missing_scope" });
    const unsafe = await putSettings(t.liveKey, flow.id, { notifications: { webhook_url: "http://169.254.169.254/latest" } });
    expect(unsafe.status).toBe(400);
    expect(unsafe.json.error.details[0]).toMatchObject({ field: "settings.notifications.webhook_url", code: "unsafe_url" });
    const badSender = await putSettings(t.liveKey, flow.id, {
      notifications: { email: "ops@acme.example", sender_id: crypto.randomUUID() },
    });
    expect(badSender.json.error.details[0].field).toBe("settings.notifications.sender_id");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM webhook_endpoints WHERE tenant_id = ?").bind(t.id).first<{ n: number }>();
    expect(rows!.n).toBe(0);

    const created = await createFlow(t.liveKey, {
      name: "At once",
      settings: { notifications: { webhook_url: "https://receiver.test/ok/y" } },
    });
    expect(created.settings.notifications).toMatchObject({
      webhook_endpoint_id: expect.stringMatching(/^whk_/),
      webhook_secret: expect.stringMatching(/^whsec_/),
    });
  });

  it("email (each_lead, the default): one notification per accepted lead through the sender's outbox, none for rejected ones", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const flow = await createFlow(t.liveKey, {
      name: "Inbound",
      settings: { acceptance_criteria: "lead.age >= 18", notifications: { email: "ops@acme.example" } },
    });
    const accepted = await submit(t.liveKey, flow.id, { first_name: "Ada", email: "ada@globex.example", phone_1: "650 253 0000", age: 30 });
    const rejected = await submit(t.liveKey, flow.id, { email: "kid@globex.example", age: 12 });
    expect([accepted.json.status, rejected.json.status]).toEqual(["accepted", "rejected"]);

    const [note, ...more] = await notifications(t.id);
    expect(more).toEqual([]);
    expect(note).toMatchObject({
      lead_id: accepted.json.id,
      sender_id: sender.id,
      to_email: "ops@acme.example",
      subject: "New lead accepted in Inbound: Ada",
    });
    expect(note!.text).toContain("email: ada@globex.example");
    expect(note!.text).toContain("phone_1: +16502530000");
    // No tracking: nothing about the lead's engagement can come from the notification.
    expect(note!.html).not.toMatch(/\/t\/[oc]\//);
    expect(await settled(sends)).toEqual([{ status: "sent" }]);
    const raw = await env.DB.prepare("SELECT raw FROM email_log WHERE message_id = ?").bind(note!.id).first<{ raw: string }>();
    expect(raw!.raw).toContain("To: ops@acme.example");

    const detail = await call(`/api/v1/leads/${accepted.json.id}`, { key: t.liveKey });
    expect(detail.json.events.map((e: { type: string }) => e.type)).toContain("notified");
    expect((await call(`/api/v1/messages/${note!.id}`, { key: t.liveKey })).json.purpose).toBe("notification");

    // The notified address unsubscribing suppresses it, but is no engagement of the lead's and tells no webhook.
    const unsubscribe = note!.text!.match(/http:\/\/leadedge\.test\/t\/u\/[a-z0-9_.]+/)![0];
    expect((await exports.default.fetch(new Request(unsubscribe, { method: "POST" }))).status).toBe(200);
    const suppressed = await call("/api/v1/suppressions", { key: t.liveKey });
    expect(suppressed.json.suppressions).toMatchObject([{ email: "ops@acme.example", reason: "unsubscribed" }]);
    const lead = await env.DB.prepare("SELECT engagement_score FROM leads WHERE id = ?").bind(accepted.json.id).first();
    expect(lead).toEqual({ engagement_score: null });
    const told = await env.DB.prepare("SELECT count(*) AS n FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead.unsubscribed'")
      .bind(t.id)
      .first<{ n: number }>();
    expect(told!.n).toBe(0);
    // A batch is one email about its accepted leads.
    const batch = await call(`/api/v1/flows/${flow.id}/leads/batch`, {
      key: t.liveKey,
      body: { leads: [{ lead: { email: "b1@globex.example", age: 40 } }, { lead: { email: "b2@globex.example", age: 41 } }] },
    });
    expect(batch.status).toBe(207);
    const all = await notifications(t.id);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ subject: "2 new leads accepted in Inbound", status: "suppressed" });
    expect(all[1]!.text).toContain("b1@globex.example");
    expect(all[1]!.text).toContain("b2@globex.example");
  });

  it("email without any sender records a failed notified event instead of sending", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, { name: "Nobody", settings: { notifications: { email: "ops@acme.example" } } });
    const lead = await submit(t.liveKey, flow.id, { email: "ada@globex.example" });
    expect(lead.json.status).toBe("accepted");
    expect(await notifications(t.id)).toEqual([]);
    const row = await env.DB.prepare("SELECT outcome, reason FROM lead_events WHERE lead_id = ? AND type = 'notified'")
      .bind(lead.json.id)
      .first<{ outcome: string; reason: string }>();
    expect(row).toMatchObject({ outcome: "failure", reason: expect.stringContaining("no sender") });
  });

  it("email_frequency hourly: one digest of the hour's accepted leads, written once however often the cron runs", async () => {
    const t = await createTenant();
    await createSender(t.liveKey);
    const flow = await createFlow(t.liveKey, {
      name: "Digest",
      settings: { notifications: { email: "ops@acme.example", email_frequency: "hourly" }, acceptance_criteria: "lead.age >= 18" },
    });
    const first = await submit(t.liveKey, flow.id, { email: "d1@globex.example", age: 30 });
    await submit(t.liveKey, flow.id, { email: "d2@globex.example", age: 31 });
    await submit(t.liveKey, flow.id, { email: "young@globex.example", age: 10 });
    expect(await notifications(t.id)).toEqual([]);

    // The cron of the next hour (at :17) digests the hour the leads came in.
    const nextHour = new Date(Math.floor(Date.parse(first.json.created_at) / 3_600_000) * 3_600_000 + 3_600_000 + 17 * 60_000);
    await sendDigests(env, nextHour);
    await sendDigests(env, new Date(nextHour.getTime() + 60_000));
    const [digest, ...more] = await notifications(t.id);
    expect(more).toEqual([]);
    expect(digest!.subject).toMatch(/^2 leads accepted in Digest \(hour from /);
    expect(digest!.text).toContain("d1@globex.example");
    expect(digest!.text).not.toContain("young@globex.example");
    const queued = await env.DB.prepare("SELECT count(*) AS n FROM email_outbox WHERE message_id = ?")
      .bind(digest!.id)
      .first<{ n: number }>();
    expect(queued!.n).toBe(1);
    // The hour after has no leads: no digest.
    await sendDigests(env, new Date(nextHour.getTime() + 3_600_000));
    expect(await notifications(t.id)).toHaveLength(1);
  });
});

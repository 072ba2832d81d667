import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createSender } from "../../support/email";
import { call, createFlow, createTenant } from "../../support/http";
import { settled } from "../../support/workflows";

const notifications = (tenantId: string) =>
  env.DB.prepare("SELECT id, sender_id, status FROM messages WHERE tenant_id = ? AND purpose = 'notification'")
    .bind(tenantId)
    .all<{ id: string; sender_id: string; status: string }>()
    .then((r) => r.results);

const notifiedEvent = (leadId: string) =>
  env.DB.prepare("SELECT outcome, reason, data FROM lead_events WHERE lead_id = ? AND type = 'notified'")
    .bind(leadId)
    .first<{ outcome: string; reason: string | null; data: string }>();

/** A sender on old.example, made the account's oldest, whose domain the account then stops declaring. */
async function senderOnRemovedDomain(key: string) {
  const old = await createSender(key, { from_email: "news@old.example" });
  await env.DB.prepare("UPDATE senders SET created_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").bind(old.id).run();
  return old;
}

async function notifiedLead(key: string, name: string, notifications: Record<string, unknown> = {}) {
  const flow = await createFlow(key, { name, settings: { notifications: { email: "ops@acme.example", ...notifications } } });
  const lead = await call(`/api/v1/flows/${flow.id}/leads`, { key, body: { lead: { email: "ada@globex.example" } } });
  expect(lead.json.status).toBe("accepted");
  return lead.json.id as string;
}

describe("the sender of a flow's notification emails", () => {
  it("skips the oldest sender when its domain is no longer declared and sends through one on a declared domain", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    await senderOnRemovedDomain(t.liveKey);
    // createSender declares only its own domain, so old.example is no longer declared.
    const current = await createSender(t.liveKey, { from_email: "maya@acme.example" });
    const leadId = await notifiedLead(t.liveKey, "Moved domain");

    const [note, ...more] = await notifications(t.id);
    expect(more).toEqual([]);
    expect(note).toMatchObject({ sender_id: current.id });
    expect(await settled(sends)).toEqual([{ status: "sent" }]);
    const event = await notifiedEvent(leadId);
    expect(event).toMatchObject({ outcome: "success", reason: null });
    expect(JSON.parse(event!.data)).toMatchObject({ message_id: note!.id });
  });

  it("without a sender on a declared domain writes no message and records the notification as failed, naming the domains", async () => {
    const t = await createTenant();
    await senderOnRemovedDomain(t.liveKey);
    const account = await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["acme.example"] } });
    expect(account.status).toBe(200);
    const leadId = await notifiedLead(t.liveKey, "Nowhere to send from");

    expect(await notifications(t.id)).toEqual([]);
    expect(await notifiedEvent(leadId)).toMatchObject({
      outcome: "failure",
      reason:
        "no sender can send the notification email: the senders send from old.example, not one of the account's sending domains " +
        "(acme.example); declare one with PATCH /api/v1/account or create a sender on a declared domain",
    });
  });

  it("a flow's own sender_id on a removed domain is not swapped for another sender: the notification fails naming it", async () => {
    const t = await createTenant();
    const old = await senderOnRemovedDomain(t.liveKey);
    await createSender(t.liveKey, { from_email: "maya@acme.example" });
    const leadId = await notifiedLead(t.liveKey, "Chosen sender", { sender_id: old.id });

    expect(await notifications(t.id)).toEqual([]);
    expect(await notifiedEvent(leadId)).toMatchObject({
      outcome: "failure",
      reason:
        `notifications.sender_id ${old.id} sends from old.example, which is no longer one of the account's sending domains ` +
        "(acme.example): declare it again with PATCH /api/v1/account or choose another sender",
    });
  });
});

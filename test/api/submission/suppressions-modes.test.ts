import { introspectWorkflow } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count } from "../../support/db";
import { createLead } from "../../support/email";
import { call, createTenant, type TestTenant } from "../../support/http";
import { activeSequence, chain, enroll, email as sequenceEmail } from "../../support/sequences";
import { settled } from "../../support/workflows";

// Test mode sends real email too, so the suppression list is written and listed per mode but every
// send, in either mode, checks both.

const STEP = { subject: "Hi {{lead.first_name}}", body: "Hello {{lead.first_name}}.\n\n{{sender.name}}" };

/** A sender in the key's mode, on the tenant's declared domain (the account is the tenant's, set with the live key). */
async function senderIn(t: TestTenant, key: string) {
  await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["acme.example"] } });
  const res = await call("/api/v1/senders", { key, body: { name: "Maya Chen", from_email: "maya@acme.example" } });
  expect(res.status).toBe(201);
  return res.json;
}

async function sendTo(key: string, senderId: string, leadId: string) {
  const res = await call("/api/v1/messages", { key, body: { sender_id: senderId, lead_id: leadId, subject: "Hello", text: "Hi" } });
  expect(res.status).toBe(202);
  return res.json;
}

const suppress = (key: string, email: string) => call("/api/v1/suppressions", { key, body: { email } });
const listed = async (key: string) => (await call("/api/v1/suppressions", { key })).json.suppressions;
const unsuppress = (key: string, email: string) => call(`/api/v1/suppressions/${encodeURIComponent(email)}`, { key, method: "DELETE" });

describe("the suppression list across live and test mode", () => {
  it("a live-mode suppression stops a test-mode message and a test-mode campaign step", async () => {
    const t = await createTenant("enterprise");
    const email = `jane-${t.id}@globex.example`;
    expect((await suppress(t.liveKey, email)).status).toBe(201);
    const sender = await senderIn(t, t.testKey);
    const leadId = await createLead(t.testKey, { first_name: "Jane", email });

    const message = await sendTo(t.testKey, sender.id, leadId);
    expect(message).toMatchObject({ status: "suppressed", error: `${email} is on the suppression list` });
    expect(await count("SELECT COUNT(*) n FROM email_outbox WHERE message_id = ?", message.id)).toBe(0);

    const campaign = (await call("/api/v1/campaigns", { key: t.testKey, body: { name: "Q4", sender_id: sender.id, steps: [STEP] } })).json;
    await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.testKey, body: { lead_ids: [leadId], assignment: "TEMPLATE" } });
    const step = await call(`/api/v1/campaigns/${campaign.id}/steps/1/send`, { key: t.testKey, method: "POST" });
    expect(step.status).toBe(202);
    expect(step.json).toMatchObject({ total: 1, counts: { queued: 0, sending: 0, sent: 0, suppressed: 1 } });
  });

  it("an unsubscribe from a test-mode email stops live email to that address, and only test mode lists it", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant("enterprise");
    const email = `jane-${t.id}@globex.example`;
    const testSender = await senderIn(t, t.testKey);
    const testMessage = await sendTo(t.testKey, testSender.id, await createLead(t.testKey, { first_name: "Jane", email }));
    expect(await settled(sends)).toEqual([{ status: "sent" }]);
    const unsubscribe = testMessage.text.match(/http:\/\/leadedge\.test\/t\/u\/[a-z0-9_.]+/)![0];
    const oneClick = await exports.default.fetch(
      new Request(unsubscribe, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
    );
    expect(oneClick.status).toBe(200);

    const liveSender = await senderIn(t, t.liveKey);
    const liveLead = await createLead(t.liveKey, { first_name: "Jane", email });
    const live = await sendTo(t.liveKey, liveSender.id, liveLead);
    expect(live).toMatchObject({ status: "suppressed", error: `${email} is on the suppression list` });
    expect(await listed(t.testKey)).toEqual([
      { email, reason: "unsubscribed", message_id: testMessage.id, created_at: expect.any(String) },
    ]);
    expect(await listed(t.liveKey)).toEqual([]);

    // A sequence skips the lead for the reason the list gives, the key's own mode's when both list it.
    const sequence = await activeSequence(t, chain([sequenceEmail("email-1", liveSender.id)]));
    expect(await enroll(t, sequence, [liveLead])).toMatchObject({ enrolled: 0, skipped_by_reason: { unsubscribed: 1 } });
    await suppress(t.liveKey, email);
    expect(await enroll(t, sequence, [liveLead])).toMatchObject({ enrolled: 0, skipped_by_reason: { suppressed: 1 } });
  });

  it("lists and removes per mode: removing one mode's entry leaves the address suppressed while the other mode lists it", async () => {
    const t = await createTenant("enterprise");
    const email = `jane-${t.id}@globex.example`;
    await suppress(t.liveKey, email);
    expect(await listed(t.testKey)).toEqual([]);
    const notTests = await unsuppress(t.testKey, email);
    expect(notTests.status).toBe(404);
    expect(notTests.json.error.message).toBe(
      `test mode does not list ${email}; live mode does, and that keeps it from every send: remove it with a live-mode key`,
    );

    await suppress(t.testKey, email);
    expect((await unsuppress(t.testKey, email)).json).toEqual({ email, deleted: true });
    const sender = await senderIn(t, t.testKey);
    const stillLive = await sendTo(t.testKey, sender.id, await createLead(t.testKey, { first_name: "Jane", email }));
    expect(stillLive.status).toBe("suppressed");
    expect(await listed(t.liveKey)).toEqual([{ email, reason: "manual", message_id: null, created_at: expect.any(String) }]);
  });
});

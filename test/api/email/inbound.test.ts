import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { replyAddress } from "../../../src/domain/email/outgoing";
import worker from "../../../src/index";
import { configOf } from "../../../src/platform/config";
import arfComplaint from "../../fixtures/email/arf-complaint.eml?raw";
import gmailReply from "../../fixtures/email/gmail-reply.eml?raw";
import outlookReply from "../../fixtures/email/outlook-reply.eml?raw";
import delayedDsn from "../../fixtures/email/postfix-delayed-dsn.eml?raw";
import postfixDsn from "../../fixtures/email/postfix-dsn.eml?raw";
import { incomingMail, sentMessage } from "../../support/email";
import { call } from "../../support/http";

const INBOUND_DOMAIN = "inbound.leadedge.test";

async function deliver(message: ForwardableEmailMessage, vars: Partial<Record<keyof Env, string>> = {}) {
  const execution = createExecutionContext();
  await worker.email!(message, { ...env, EMAIL_INBOUND_DOMAIN: INBOUND_DOMAIN, ...vars } as Env, execution);
  await waitOnExecutionContext(execution);
}

const rows = async (sql: string, ...values: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...values)
      .all<any>()
  ).results;
const messageEvents = async (id: string) =>
  (await rows("SELECT type, data FROM message_events WHERE message_id = ? ORDER BY created_at, id", id)).map((e) => ({
    type: e.type,
    data: JSON.parse(e.data),
  }));
const outboxTypes = async (tenantId: string) =>
  (await rows("SELECT event_type FROM outbox_events WHERE tenant_id = ? AND event_type LIKE 'email.%' ORDER BY created_at", tenantId)).map(
    (e) => e.event_type,
  );
const engagementEvents = async (leadId: string) =>
  (await rows("SELECT type, reason FROM lead_events WHERE lead_id = ? AND type LIKE 'engagement_%' ORDER BY created_at", leadId)).map(
    (e) => `${e.type} ${e.reason}`,
  );
const suppressions = (tenantId: string) => rows("SELECT email, reason, message_id FROM suppressions WHERE tenant_id = ?", tenantId);
const status = async (id: string) => (await rows("SELECT status, replied_at FROM messages WHERE id = ?", id))[0];

describe("email() handler: replies", () => {
  it("records a Gmail reply found by In-Reply-To, with the reply's own words and not the quote", async () => {
    const sent = await sentMessage();
    const { message, handled } = incomingMail(
      gmailReply,
      { from: "jane@globex.example", to: "maya@acme.example" },
      { MESSAGE_ID_HEADER: sent.header },
    );
    await deliver(message);

    expect(handled).toEqual({ rejected: [], forwarded: [] });
    const text = "Thanks Maya \u2014 Thursday at 2pm works for us.\n\nCould you send over the pricing for 50 seats before then?\n\nJane";
    expect((await messageEvents(sent.id)).slice(1)).toEqual([{ type: "replied", data: { text, from: "jane@globex.example" } }]);
    expect((await status(sent.id)).replied_at).not.toBeNull();
    expect(await outboxTypes(sent.tenantId)).toEqual(["email.sent", "email.replied"]);
    expect(await engagementEvents(sent.leadId)).toEqual(["engagement_increased email.replied"]);
    expect(await suppressions(sent.tenantId)).toEqual([]);
    const shown = await call(`/api/v1/messages/${sent.id}`, { key: sent.key });
    expect(shown.json.events.map((e: { type: string }) => e.type)).toEqual(["sent", "replied"]);
    expect(shown.json.events[1]).toMatchObject({ type: "replied", text, from: "jane@globex.example" });
  });

  it("records an Outlook reply found by its r+token address alone, cut at the From/Sent separator", async () => {
    const sent = await sentMessage();
    const address = await replyAddress(configOf(env).email.secret!, INBOUND_DOMAIN, sent.id);
    const { message, handled } = incomingMail(outlookReply, { from: "jane@globex.example", to: address }, { REPLY_ADDRESS: address });
    await deliver(message);

    expect(handled).toEqual({ rejected: [], forwarded: [] });
    const text = "Hi Maya,\n\nNot the right time for us, please check back in Q3.\n\nBest,\nJane";
    expect((await messageEvents(sent.id)).slice(1)).toEqual([{ type: "replied", data: { text, from: "jane@globex.example" } }]);
    expect(await outboxTypes(sent.tenantId)).toEqual(["email.sent", "email.replied"]);
    expect(await engagementEvents(sent.leadId)).toEqual(["engagement_increased email.replied"]);
  });

  it("does not match a forged r+token, and rejects the mail", async () => {
    const sent = await sentMessage();
    const address = await replyAddress(configOf(env).email.secret!, INBOUND_DOMAIN, sent.id);
    const forged = address.replace(/[0-9a-f]{4}@/, "0000@");
    expect(forged).not.toBe(address);
    const { message, handled } = incomingMail(outlookReply, { from: "jane@globex.example", to: forged }, { REPLY_ADDRESS: forged });
    await deliver(message);

    expect(handled.rejected).toEqual(["No Leadedge message matches this mail: replied mail that names none of our messages"]);
    expect(handled.forwarded).toEqual([]);
    expect((await messageEvents(sent.id)).map((e) => e.type)).toEqual(["sent"]);
  });

  it("forwards unmatched mail to EMAIL_UNMATCHED_FORWARD instead of rejecting it", async () => {
    const { message, handled } = incomingMail(
      gmailReply,
      { from: "jane@globex.example", to: "maya@acme.example" },
      { MESSAGE_ID_HEADER: "unknown@elsewhere.example" },
    );
    await deliver(message, { EMAIL_UNMATCHED_FORWARD: "ops@acme.example" });
    expect(handled).toEqual({ rejected: [], forwarded: ["ops@acme.example"] });
  });
});

describe("email() handler: bounces and complaints", () => {
  it("records a Postfix hard bounce found by the original Message-ID: bounced, suppressed, engagement lowered", async () => {
    const sent = await sentMessage("nobody@globex.example");
    const { message, handled } = incomingMail(
      postfixDsn,
      { from: "", to: `bounces@${INBOUND_DOMAIN}` },
      { MESSAGE_ID_HEADER: sent.header },
    );
    await deliver(message);

    expect(handled).toEqual({ rejected: [], forwarded: [] });
    expect((await status(sent.id)).status).toBe("bounced");
    const reason = "550 5.1.1 <nobody@globex.example>: Recipient address rejected: User unknown in virtual mailbox table";
    expect((await messageEvents(sent.id)).slice(1)).toEqual([{ type: "bounced", data: { status_code: "5.1.1", reason } }]);
    expect(await suppressions(sent.tenantId)).toEqual([{ email: "nobody@globex.example", reason: "bounced", message_id: sent.id }]);
    expect(await outboxTypes(sent.tenantId)).toEqual(["email.sent", "email.bounced"]);
    expect(await engagementEvents(sent.leadId)).toEqual(["engagement_decreased email.bounced"]);
  });

  it("records a delay (4.4.1) as a bounced event only: no suppression, no status change, no webhook, no engagement", async () => {
    const sent = await sentMessage();
    const { message, handled } = incomingMail(
      delayedDsn,
      { from: "", to: `bounces@${INBOUND_DOMAIN}` },
      { MESSAGE_ID_HEADER: sent.header },
    );
    await deliver(message);

    expect(handled).toEqual({ rejected: [], forwarded: [] });
    expect((await status(sent.id)).status).toBe("sent");
    const reason = "connect to mx.globex.example[203.0.113.7]:25: Connection timed out";
    expect((await messageEvents(sent.id)).slice(1)).toEqual([{ type: "bounced", data: { status_code: "4.4.1", reason } }]);
    expect(await suppressions(sent.tenantId)).toEqual([]);
    expect(await outboxTypes(sent.tenantId)).toEqual(["email.sent"]);
    expect(await engagementEvents(sent.leadId)).toEqual([]);
  });

  it("records an ARF abuse complaint found by the embedded message/rfc822: complained and suppressed", async () => {
    const sent = await sentMessage();
    const { message, handled } = incomingMail(arfComplaint, { from: "", to: `fbl@${INBOUND_DOMAIN}` }, { MESSAGE_ID_HEADER: sent.header });
    await deliver(message);

    expect(handled).toEqual({ rejected: [], forwarded: [] });
    expect((await status(sent.id)).status).toBe("complained");
    expect((await messageEvents(sent.id)).slice(1)).toEqual([{ type: "complained", data: { reason: "abuse" } }]);
    expect(await suppressions(sent.tenantId)).toEqual([{ email: "jane@globex.example", reason: "complained", message_id: sent.id }]);
    expect(await outboxTypes(sent.tenantId)).toEqual(["email.sent", "email.complained"]);
    expect(await engagementEvents(sent.leadId)).toEqual(["engagement_decreased email.complained"]);
  });

  it("records a reply delivered twice (the sending server retried) once, and an out-of-office as an event only", async () => {
    const sent = await sentMessage();
    for (let i = 0; i < 2; i++) {
      const { message } = incomingMail(
        gmailReply,
        { from: "jane@globex.example", to: "maya@acme.example" },
        { MESSAGE_ID_HEADER: sent.header },
      );
      await deliver(message);
    }
    expect((await messageEvents(sent.id)).map((e) => e.type)).toEqual(["sent", "replied"]);
    expect(await outboxTypes(sent.tenantId)).toEqual(["email.sent", "email.replied"]);

    const other = await sentMessage();
    const autoReply = gmailReply.replace("MIME-Version: 1.0", "Auto-Submitted: auto-replied\nMIME-Version: 1.0");
    expect(autoReply).not.toBe(gmailReply);
    const { message } = incomingMail(
      autoReply,
      { from: "jane@globex.example", to: "maya@acme.example" },
      { MESSAGE_ID_HEADER: other.header },
    );
    await deliver(message);
    expect((await messageEvents(other.id)).map((e) => [e.type, e.data.auto_reply])).toEqual([
      ["sent", undefined],
      ["replied", true],
    ]);
    expect((await status(other.id)).replied_at).toBeNull();
    expect(await outboxTypes(other.tenantId)).toEqual(["email.sent"]);
    expect(await engagementEvents(other.leadId)).toEqual([]);
  });

  it("does not take a bounce found by Message-ID for another recipient's (a Message-ID is not a secret)", async () => {
    const sent = await sentMessage("jane@globex.example");
    const { message, handled } = incomingMail(
      postfixDsn,
      { from: "", to: `bounces@${INBOUND_DOMAIN}` },
      { MESSAGE_ID_HEADER: sent.header },
    );
    await deliver(message);
    expect(handled.rejected).toEqual(["No Leadedge message matches this mail: bounced mail that names none of our messages"]);
    expect((await status(sent.id)).status).toBe("sent");
  });

  it("does not match a complaint naming a message by its id without the signature (a guessed neighbour)", async () => {
    const sent = await sentMessage();
    const guessed = `${sent.id}@acme.example`;
    expect(sent.header).not.toBe(guessed);
    const { message, handled } = incomingMail(arfComplaint, { from: "", to: `fbl@${INBOUND_DOMAIN}` }, { MESSAGE_ID_HEADER: guessed });
    await deliver(message);
    expect(handled.rejected).toEqual(["No Leadedge message matches this mail: complained mail that names none of our messages"]);
    expect(await suppressions(sent.tenantId)).toEqual([]);
  });

  it("rejects a bounce for a message that is not ours", async () => {
    const { message, handled } = incomingMail(
      postfixDsn,
      { from: "", to: `bounces@${INBOUND_DOMAIN}` },
      { MESSAGE_ID_HEADER: "msg_unknown@elsewhere.example" },
    );
    await deliver(message);
    expect(handled.rejected).toEqual(["No Leadedge message matches this mail: bounced mail that names none of our messages"]);
  });
});

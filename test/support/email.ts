import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { call, createTenant } from "./http";
import { settled } from "./workflows";

/** A sender on the tenant's declared domain (declared here), by default on the log transport. */
export async function createSender(key: string, body: Record<string, unknown> = {}) {
  const domain = String(body.from_email ?? "maya@acme.example").split("@")[1];
  const account = await call("/api/v1/account", { key, method: "PATCH", body: { sending_domains: [domain] } });
  if (account.status !== 200) throw new Error(`sending domain: ${account.status} ${account.text}`);
  const res = await call("/api/v1/senders", { key, body: { name: "Maya Chen", from_email: "maya@acme.example", ...body } });
  if (res.status !== 201) throw new Error(`sender creation failed: ${res.status} ${res.text}`);
  return res.json;
}

/** A lead submitted through the LeadConduit-style API, with its id. */
export async function createLead(key: string, lead: Record<string, unknown>): Promise<string> {
  const flow = await call("/api/v1/flows", { key, body: { name: `Email flow ${crypto.randomUUID().slice(0, 6)}` } });
  const res = await call(`/api/v1/flows/${flow.json.id}/leads`, { key, body: { lead } });
  if (res.status !== 201) throw new Error(`lead creation failed: ${res.status} ${res.text}`);
  return res.json.id;
}

/**
 * Mail as Email Routing hands it to the Worker: the fixture with its placeholders filled in, and
 * what the handler did with it (rejected, forwarded).
 */
export function incomingMail(fixture: string, envelope: { from: string; to: string }, values: Record<string, string> = {}) {
  const raw = Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{{${name}}}`, value), fixture);
  const bytes = new TextEncoder().encode(raw);
  const handled = { rejected: [] as string[], forwarded: [] as string[] };
  const message: ForwardableEmailMessage = {
    ...envelope,
    raw: new Response(bytes).body!,
    headers: new Headers(),
    rawSize: bytes.byteLength,
    canBeForwarded: true,
    setReject: (reason) => handled.rejected.push(reason),
    forward: async (rcptTo) => {
      handled.forwarded.push(rcptTo);
      return { messageId: "forwarded@cloudflare.test" };
    },
    reply: async () => {
      throw new Error("the inbound handler never replies");
    },
  };
  return { message, handled };
}

/** A message sent (through the log transport) to a new lead of a new tenant. */
export async function sentMessage(leadEmail = "jane@globex.example") {
  await using sends = await introspectWorkflow(env.EMAIL_SEND);
  const t = await createTenant();
  const sender = await createSender(t.liveKey);
  const leadId = await createLead(t.liveKey, { first_name: "Jane", email: leadEmail });
  const res = await call("/api/v1/messages", {
    key: t.liveKey,
    body: {
      sender_id: sender.id,
      lead_id: leadId,
      subject: "Quick question, {{lead.first_name}}",
      text: "Hi {{lead.first_name}}, see the demo.",
    },
  });
  expect(res.status).toBe(202);
  expect(await settled(sends)).toEqual([{ status: "sent" }]);
  return { key: t.liveKey, tenantId: t.id, leadId, id: res.json.id as string, header: res.json.message_id_header as string };
}

import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { replyAddress } from "../../../src/domain/email/outgoing";
import { createLead, createSender } from "../../support/email";
import { call, createFlow, createTenant } from "../../support/http";
import { activeSequence, edge, email, enroll, enrollmentReaches, node } from "../../support/sequences";

// What a sequence's messages say and how they are named: a generated sequence's merge fields, and
// the id of a triggered enrollment's owner notification.

const SEQUENCE = {
  prompt: "A 5-email cold outreach sequence for B2B SaaS targeting CTOs. Include follow-ups based on email engagement.",
  industry: "B2B SaaS",
  tone: "professional and friendly",
  emailCount: "5",
};

const messagesOf = async (t: { liveKey: string }, leadId: string) =>
  (await call(`/api/v1/messages?lead_id=${leadId}`, { key: t.liveKey })).json.messages as any[];

describe("a generated sequence's emails", () => {
  it("greet the lead by first name (else 'there') and are signed by the sender", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const generated = (await call("/v1/campaigns/ai/generate-sequence", { key: t.liveKey, body: SEQUENCE })).json.data;
    const nodes = generated.nodes.map((n: any) => (n.type === "email" ? { ...n, data: { ...n.data, senderId: sender.id } } : n));
    const id = await activeSequence(t, { nodes, edges: generated.edges });
    const jane = await createLead(t.liveKey, { first_name: "Jane", email: "jane.merge@globex.example" });
    const nameless = await createLead(t.liveKey, { email: "info.merge@globex.example" });
    await enroll(t, id, [jane, nameless]);
    const first = async (leadId: string) => {
      let text = "";
      await vi.waitFor(async () => {
        text = (await messagesOf(t, leadId))[0]?.text ?? "";
        expect(text).not.toBe("");
      });
      return text;
    };
    const toJane = await first(jane);
    expect(toJane).toMatch(/^Hi Jane,\n\nI work with CTOs in B2B SaaS/);
    expect(toJane).toContain("Best,\nMaya Chen");
    expect(await first(nameless)).toMatch(/^Hi there,\n\n/);
    void runs;
    void sends;
  });
});

describe("the notify_owner message of a triggered enrollment", () => {
  it("has an id GET /api/v1/messages/{id} takes and a reply address within SMTP's 64-character local part", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const flow = await createFlow(t.liveKey, { name: "Inbound" });
    const id = await activeSequence(t, {
      nodes: [
        node("trigger-1", "trigger", { triggerType: "lead_created", flowId: flow.id }),
        email("email-1", sender.id),
        node("notify-1", "action", { actionType: "notify_owner" }),
      ],
      edges: [edge("e-1", "trigger-1", "email-1"), edge("e-2", "email-1", "notify-1")],
    });
    const lead = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { first_name: "Ada", email: "ada.notify@globex.example" } },
    });
    expect(lead.status).toBe(201);
    let enrollmentId = "";
    await vi.waitFor(async () => {
      enrollmentId = (await call(`/v1/workflows/${id}/enrollments`, { key: t.liveKey })).json.data[0]?.id ?? "";
      expect(enrollmentId).not.toBe("");
    });
    const done = await enrollmentReaches(t, enrollmentId, "completed");
    const outcome = done.path.find((p: any) => p.node_id === "notify-1").outcome;
    const messageId = outcome.match(/^notified maya@acme\.example \((msg_\w+)\)$/)[1];
    const message = await call(`/api/v1/messages/${messageId}`, { key: t.liveKey });
    expect(message.status).toBe(200);
    expect(message.json).toMatchObject({ id: messageId, purpose: "notification", to: "maya@acme.example" });
    const local = (await replyAddress("secret", "in.leadedge.test", messageId)).split("@")[0]!;
    expect(local.length).toBeLessThanOrEqual(64);
    void runs;
    void sends;
  });
});

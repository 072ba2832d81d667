import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count } from "../../support/db";
import { createLead, createSender } from "../../support/email";
import { call, createFlow, createTenant, type TestTenant } from "../../support/http";
import { edge, node } from "../../support/sequences";
import { settled } from "../../support/workflows";

// Who a campaign step goes to again, and when a campaign may not send at all.

const STEP = { subject: "Hi {{lead.first_name}}", body: "Hello {{lead.first_name}}.\n\n{{sender.name}}" };

async function campaignWithLeads(t: TestTenant, names: string[], extra: Record<string, unknown> = {}) {
  const sender = await createSender(t.liveKey);
  const campaign = (
    await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "Rules", sender_id: sender.id, steps: [STEP], ...extra } })
  ).json;
  const leads: Record<string, { id: string; email: string }> = {};
  for (const name of names) {
    const email = `${name}-${t.id}@globex.example`;
    leads[name] = { id: await createLead(t.liveKey, { first_name: name, email }), email };
  }
  const ids = Object.values(leads).map((l) => l.id);
  await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: ids, assignment: "TEMPLATE" } });
  return { sender, campaign, leads };
}

const sendStep = (t: TestTenant, campaignId: string) =>
  call(`/api/v1/campaigns/${campaignId}/steps/1/send`, { key: t.liveKey, method: "POST" });
const statusesOf = async (t: TestTenant, leadId: string) =>
  ((await call(`/api/v1/messages?lead_id=${leadId}`, { key: t.liveKey })).json.messages as { status: string }[])
    .map((m) => m.status)
    .sort();
const setOutcome = (leadId: string, error: string) =>
  env.DB.prepare("UPDATE messages SET status = 'failed', error = ? WHERE lead_id = ?").bind(error, leadId).run();

describe("sending a campaign step again", () => {
  it("lists a lead still suppressed as skipped, recording no second suppressed message", async () => {
    const t = await createTenant("enterprise");
    const { campaign, leads } = await campaignWithLeads(t, ["held"]);
    await call("/api/v1/suppressions", { key: t.liveKey, body: { email: leads.held!.email } });
    expect((await sendStep(t, campaign.id)).json).toMatchObject({ total: 1, counts: { suppressed: 1 }, skipped: [] });
    const again = await sendStep(t, campaign.id);
    expect(again.json).toMatchObject({ total: 0, status: "completed", skipped: [{ lead_id: leads.held!.id, reason: "suppressed" }] });
    expect(await statusesOf(t, leads.held!.id)).toEqual(["suppressed"]);
  });

  it("reaches a lead whose message was suppressed or failed for a known reason, not one it went to or may have gone to", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant("enterprise");
    const { campaign, leads } = await campaignWithLeads(t, ["held", "refused", "sent", "unknown"]);
    await call("/api/v1/suppressions", { key: t.liveKey, body: { email: leads.held!.email } });
    const first = await sendStep(t, campaign.id);
    expect(first.json).toMatchObject({ total: 4, counts: { suppressed: 1, queued: 3 }, skipped: [] });
    expect(await settled(sends, 3)).toEqual([{ status: "sent" }, { status: "sent" }, { status: "sent" }]);
    // The transport's answers: a permanent refusal, and an attempt that stopped after the hand-over.
    await setOutcome(leads.refused!.id, "550 5.1.1 mailbox unavailable");
    await setOutcome(
      leads.unknown!.id,
      "outcome unknown: an earlier attempt stopped after handing the email to the transport; not sent again, so it cannot arrive twice",
    );
    expect((await call(`/api/v1/suppressions/${encodeURIComponent(leads.held!.email)}`, { key: t.liveKey, method: "DELETE" })).status).toBe(
      200,
    );

    const second = await sendStep(t, campaign.id);
    expect(second.status).toBe(202);
    expect(second.json).toMatchObject({ total: 2, counts: { queued: 2, suppressed: 0 } });
    const byLead = (a: { lead_id: string }, b: { lead_id: string }) => a.lead_id.localeCompare(b.lead_id);
    expect(second.json.skipped.sort(byLead)).toEqual(
      [
        { lead_id: leads.sent!.id, reason: "already_sent" },
        { lead_id: leads.unknown!.id, reason: "already_sent" },
      ].sort(byLead),
    );
    await settled(sends, 5);
    expect(await statusesOf(t, leads.held!.id)).toEqual(["sent", "suppressed"]);
    expect(await statusesOf(t, leads.refused!.id)).toEqual(["failed", "sent"]);
    expect(await statusesOf(t, leads.sent!.id)).toEqual(["sent"]);
    expect(await statusesOf(t, leads.unknown!.id)).toEqual(["failed"]);

    const third = await sendStep(t, campaign.id);
    expect(third.json).toMatchObject({ total: 0, status: "completed" });
    expect(third.json.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      "already_sent",
      "already_sent",
      "already_sent",
      "already_sent",
    ]);
    expect(await count("SELECT COUNT(*) n FROM messages WHERE tenant_id = ?", t.id)).toBe(6);
  });
});

describe("a paused or archived campaign", () => {
  it("sends no step and runs no sequence: 409 naming status", async () => {
    for (const status of ["paused", "archived"]) {
      const t = await createTenant("enterprise");
      const { campaign } = await campaignWithLeads(t, ["ana"], { status });
      const send = await sendStep(t, campaign.id);
      expect(send.status).toBe(409);
      expect(send.json.error.details).toEqual([
        { field: "status", code: `campaign_${status}`, message: `the campaign is ${status}; only a draft or active one sends` },
      ]);
      const run = await call(`/api/v1/campaigns/${campaign.id}/sequence`, { key: t.liveKey, method: "POST" });
      expect(run.status).toBe(409);
      expect(run.json.error.details[0]).toMatchObject({ field: "status", code: `campaign_${status}` });
      expect(await count("SELECT COUNT(*) n FROM messages WHERE tenant_id = ?", t.id)).toBe(0);
      expect(await count("SELECT COUNT(*) n FROM send_batches WHERE tenant_id = ?", t.id)).toBe(0);
      expect(await count("SELECT COUNT(*) n FROM sequence_definitions WHERE tenant_id = ?", t.id)).toBe(0);

      await call(`/api/v1/campaigns/${campaign.id}`, { key: t.liveKey, method: "PATCH", body: { status: "active" } });
      expect((await sendStep(t, campaign.id)).json).toMatchObject({ total: 1 });
    }
  });
});

describe("POST /api/v1/campaigns/{campaign_id}/sequence with a workflow_id", () => {
  it("leaves a sequence the campaign did not build as it is: 409 naming workflow_id", async () => {
    const t = await createTenant("enterprise");
    const sender = await createSender(t.liveKey);
    const flow = await createFlow(t.liveKey);
    const nodes = [
      node("trigger", "trigger", { triggerType: "lead_created", flowId: flow.id }),
      node("email-1", "email", { subjectLine: "Welcome", body: "Hi", senderId: sender.id }),
      node("tag", "action", { actionType: "add_tag", tag: "nurtured" }),
    ];
    const edges = [edge("e1", "trigger", "email-1"), edge("e2", "email-1", "tag")];
    const own = (await call("/v1/workflows", { key: t.liveKey, body: { name: "Hand-built nurture", nodes, edges } })).json.data;
    const campaign = (
      await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "C", sender_id: sender.id, workflow_id: own.id, steps: [STEP] } })
    ).json;

    const run = await call(`/api/v1/campaigns/${campaign.id}/sequence`, { key: t.liveKey, method: "POST" });
    expect(run.status).toBe(409);
    expect(run.json.error.details).toEqual([
      {
        field: "workflow_id",
        code: "not_campaign_sequence",
        message:
          `workflow ${own.id} was not built from this campaign's steps and running the campaign would replace its nodes: ` +
          `enroll the campaign's leads in it with POST /v1/workflows/${own.id}/enrollments, or set the campaign's workflow_id ` +
          "to null to have a new sequence built from the steps",
      },
    ]);
    const after = (await call(`/v1/workflows/${own.id}`, { key: t.liveKey })).json.data;
    expect(after).toMatchObject({ name: "Hand-built nurture", nodes, edges, status: "draft" });

    // With workflow_id cleared, the run builds the campaign's own sequence, and reuses it next time.
    await call(`/api/v1/campaigns/${campaign.id}`, { key: t.liveKey, method: "PATCH", body: { workflow_id: null } });
    const built = await call(`/api/v1/campaigns/${campaign.id}/sequence`, { key: t.liveKey, method: "POST" });
    expect(built.status).toBe(202);
    expect(built.json.workflow_id).not.toBe(own.id);
    const again = await call(`/api/v1/campaigns/${campaign.id}/sequence`, { key: t.liveKey, method: "POST" });
    expect(again.json).toMatchObject({ workflow_id: built.json.workflow_id, version: 1 });
  });
});

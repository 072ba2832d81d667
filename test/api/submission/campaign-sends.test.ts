import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { count } from "../../support/db";
import { createLead, createSender } from "../../support/email";
import { call, createTenant } from "../../support/http";
import { settled } from "../../support/workflows";

const STEP = { subject: "Hi {{lead.first_name}}", body: "Hello {{lead.first_name}} at {{lead.company}}.\n\n{{sender.name}}" };

describe("POST /api/v1/campaigns/{campaign_id}/steps/{step_index}/send", () => {
  it("sends each lead its own draft (else the step's template) once, and completes the batch with one webhook", async () => {
    const t = await createTenant("enterprise");
    const sender = await createSender(t.liveKey);
    const campaign = (await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "Q4", sender_id: sender.id, steps: [STEP] } })).json;
    const people = ["ana", "ben", "cho"].map((name, i) => ({
      email: `${name}-${t.id}@globex.example`,
      first_name: name.toUpperCase(),
      company: `Globex ${i}`,
    }));
    const [personal, templated, third] = (await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: people } })).json.data.leads.map(
      (l: { id: string }) => l.id,
    );
    const noEmail = await createLead(t.liveKey, { first_name: "Pat", phone: "+14155550123" });
    await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: [personal], assignment: "PERSONALIZATION" } });
    await call(`/api/v1/campaigns/${campaign.id}/leads`, {
      key: t.liveKey,
      body: { lead_ids: [templated, third, noEmail], assignment: "TEMPLATE" },
    });
    const drafting = await call(`/api/v1/campaigns/${campaign.id}/playground/generate`, {
      key: t.liveKey,
      body: { step_index: 1, n_leads: 10 },
    });
    await vi.waitFor(
      async () =>
        expect(
          (await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${drafting.json.batch_id}`, { key: t.liveKey })).json.status,
        ).toBe("completed"),
      { timeout: 20_000, interval: 100 },
    );
    const draft = (await call(`/api/v1/campaigns/${campaign.id}/drafts`, { key: t.liveKey })).json.drafts[0];

    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const res = await call(`/api/v1/campaigns/${campaign.id}/steps/1/send`, { key: t.liveKey, method: "POST" });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({
      send_batch_id: expect.stringMatching(/^sbt_/),
      campaign_id: campaign.id,
      step_index: 1,
      sender_id: sender.id,
      total: 3,
      skipped: [{ lead_id: noEmail, reason: "no_email" }],
    });
    expect(await settled(sends, 3)).toEqual([{ status: "sent" }, { status: "sent" }, { status: "sent" }]);
    const batch = await call(`/api/v1/campaigns/${campaign.id}/sends/${res.json.send_batch_id}`, { key: t.liveKey });
    expect(batch.json).toMatchObject({
      status: "completed",
      completed_at: expect.any(String),
      counts: { queued: 0, sending: 0, sent: 3, failed: 0 },
    });
    expect(batch.json.skipped).toBeUndefined();

    const messages = (await call(`/api/v1/messages?limit=10`, { key: t.liveKey })).json.messages;
    const to = (leadId: string) => messages.find((m: { lead_id: string }) => m.lead_id === leadId);
    expect(to(personal)).toMatchObject({
      subject: draft.subject,
      campaign_id: campaign.id,
      step_index: 1,
      send_batch_id: res.json.send_batch_id,
    });
    expect(to(personal).text.startsWith(draft.body)).toBe(true);
    expect(to(templated)).toMatchObject({ subject: "Hi BEN" });
    expect(to(templated).text).toContain("Hello BEN at Globex 1.\n\nMaya Chen");
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'campaign.send.completed'", t.id)).toBe(
      1,
    );

    // Again: the step went to everyone already; nothing is sent twice.
    const again = await call(`/api/v1/campaigns/${campaign.id}/steps/1/send`, { key: t.liveKey, method: "POST" });
    expect(again.json).toMatchObject({ total: 0, status: "completed", counts: { queued: 0, sent: 0 } });
    expect(again.json.skipped.map((s: { reason: string }) => s.reason).sort()).toEqual([
      "already_sent",
      "already_sent",
      "already_sent",
      "no_email",
    ]);
    expect(await count("SELECT COUNT(*) n FROM messages WHERE tenant_id = ?", t.id)).toBe(3);
  });

  it("sends a step to a lead once even when two sends of it race; each batch counts only the messages it wrote", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant("enterprise");
    const sender = await createSender(t.liveKey);
    const campaign = (await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "Race", sender_id: sender.id, steps: [STEP] } }))
      .json;
    const leadIds = await Promise.all(
      [0, 1, 2, 3].map((i) => createLead(t.liveKey, { first_name: `R${i}`, email: `r${i}-${t.id}@globex.example` })),
    );
    await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: leadIds, assignment: "TEMPLATE" } });
    const [a, b] = await Promise.all(
      [1, 2].map(() => call(`/api/v1/campaigns/${campaign.id}/steps/1/send`, { key: t.liveKey, method: "POST" })),
    );
    expect([a!.status, b!.status]).toEqual([202, 202]);
    expect(await count("SELECT COUNT(*) n FROM messages WHERE tenant_id = ?", t.id)).toBe(4);
    expect(await count("SELECT COUNT(*) n FROM email_outbox WHERE tenant_id = ?", t.id)).toBe(4);
    // Each lead is in exactly one batch's total; the other batch lists it as already_sent.
    expect(a!.json.total + b!.json.total).toBe(4);
    for (const res of [a!, b!]) {
      const skipped = res.json.skipped.map((s: { lead_id: string }) => s.lead_id);
      expect(skipped.length).toBe(4 - res.json.total);
      expect(res.json.skipped.every((s: { reason: string }) => s.reason === "already_sent")).toBe(true);
      const own = await count("SELECT COUNT(*) n FROM messages WHERE send_batch_id = ?", res.json.send_batch_id);
      expect(own).toBe(res.json.total);
    }
    expect(new Set([...a!.json.skipped, ...b!.json.skipped].map((s: { lead_id: string }) => s.lead_id)).size).toBe(4);
    await settled(sends, 4);
    // The completion webhooks tell those same totals, each with its own messages' counts.
    const completed = await env.DB.prepare(
      "SELECT payload FROM outbox_events WHERE tenant_id = ? AND event_type = 'campaign.send.completed'",
    )
      .bind(t.id)
      .all<{ payload: string }>();
    const told = completed.results.map((r) => JSON.parse(r.payload).data);
    expect(told.reduce((sum, d) => sum + d.total, 0)).toBe(4);
    for (const d of told) expect(d.counts.sent).toBe(d.total);
  });

  it("refuses a step that does not exist, a campaign without a sender, and a template with an unknown merge field, naming the field", async () => {
    const t = await createTenant();
    const bad = await call("/api/v1/campaigns", {
      key: t.liveKey,
      body: { name: "X", steps: [{ subject: "Hi {{lead.nickname}}", body: "x" }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0]).toMatchObject({ field: "steps[0].subject", code: "unknown_merge_field" });
    const campaign = (await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "No sender", steps: [STEP] } })).json;
    const noSender = await call(`/api/v1/campaigns/${campaign.id}/steps/1/send`, { key: t.liveKey, method: "POST" });
    expect(noSender.status).toBe(400);
    expect(noSender.json.error.details[0].field).toBe("sender_id");
    const noStep = await call(`/api/v1/campaigns/${campaign.id}/steps/2/send`, { key: t.liveKey, method: "POST" });
    expect(noStep.json.error.details[0]).toMatchObject({ field: "step_index", code: "out_of_range" });
    expect((await call(`/api/v1/campaigns/${crypto.randomUUID()}/steps/1/send`, { key: t.liveKey, method: "POST" })).status).toBe(404);
  });
});

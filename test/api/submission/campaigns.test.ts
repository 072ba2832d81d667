import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createLead, createSender } from "../../support/email";
import { call, createFlow, createTenant } from "../../support/http";
import { received, settled } from "../../support/workflows";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STEPS = [{ subject: "Hi {{lead.first_name}}", body: "Hello {{lead.first_name}} at {{lead.company}}" }];

describe("/api/v1/senders and /api/v1/campaigns", () => {
  it("create, read, change and delete senders and campaigns, with UUID ids and ordered steps", async () => {
    const t = await createTenant();
    await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["acme.example"] } });
    const sender = await call("/api/v1/senders", {
      key: t.liveKey,
      body: { name: "Maya", from_email: "Maya@Acme.example", signature: "— Maya", custom_prompt: "Be brief." },
    });
    expect(sender.status).toBe(201);
    expect(sender.json).toEqual({
      id: expect.stringMatching(UUID),
      name: "Maya",
      from_email: "maya@acme.example",
      from_name: null,
      reply_to: null,
      signature: "— Maya",
      custom_prompt: "Be brief.",
      transport: "log",
      smtp: null,
      daily_limit: 200,
      time_zone: "UTC",
      send_window: null,
      tracking: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const workflow = (
      await call("/v1/workflows", {
        key: t.liveKey,
        body: (await call("/v1/campaigns/ai/generate-sequence", { key: t.liveKey, body: { prompt: "A 2-email follow-up" } })).json.data,
      })
    ).json.data;
    const created = await call("/api/v1/campaigns", {
      key: t.liveKey,
      body: {
        name: "Q4",
        sender_id: sender.json.id,
        workflow_id: workflow.id,
        steps: [...STEPS, { subject: "Again", body: "Following up", delay_days: 3 }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: expect.stringMatching(UUID),
      name: "Q4",
      system_prompt: null,
      sender_id: sender.json.id,
      workflow_id: workflow.id,
      status: "draft",
      steps: [
        { step_index: 1, channel: "email", subject: STEPS[0]!.subject, body: STEPS[0]!.body, delay_days: 0 },
        { step_index: 2, channel: "email", subject: "Again", body: "Following up", delay_days: 3 },
      ],
    });
    const id = created.json.id;
    expect(
      (await call(`/api/v1/campaigns/${id}`, { key: t.liveKey, method: "PATCH", body: { status: "active", system_prompt: "Warm" } })).json,
    ).toMatchObject({ status: "active", system_prompt: "Warm" });
    expect((await call("/api/v1/campaigns", { key: t.liveKey })).json.campaigns.map((c: any) => c.id)).toEqual([id]);
    expect(
      (await call(`/api/v1/senders/${sender.json.id}`, { key: t.liveKey, method: "PATCH", body: { signature: null } })).json.signature,
    ).toBeNull();
    expect((await call(`/api/v1/campaigns/${id}`, { key: t.liveKey, method: "DELETE" })).json).toEqual({ id, deleted: true });
    expect((await call(`/api/v1/campaigns/${id}`, { key: t.liveKey })).status).toBe(404);
  });

  it("refuse 0 or 33 steps, an unknown sender or workflow, naming the field", async () => {
    const t = await createTenant();
    const none = await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "X", steps: [] } });
    expect(none.json.error.details[0].field).toBe("steps");
    const many = await call("/api/v1/campaigns", {
      key: t.liveKey,
      body: { name: "X", steps: Array.from({ length: 33 }, () => STEPS[0]) },
    });
    expect(many.json.error.details[0].field).toBe("steps");
    const sender = await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "X", steps: STEPS, sender_id: crypto.randomUUID() } });
    expect(sender.json.error.details[0].field).toBe("sender_id");
    const workflow = await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "X", steps: STEPS, workflow_id: "wf_missing" } });
    expect(workflow.json.error.details[0].field).toBe("workflow_id");
  });

  it("merge {{sender.email}}, the sender's from address, as a documented sender field", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const step = { subject: "From {{sender.email}}", body: "Hi {{lead.first_name}}, write to {{sender.email}}." };
    const campaign = await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "C", sender_id: sender.id, steps: [step] } });
    expect(campaign.status).toBe(201);
    const leadId = await createLead(t.liveKey, { first_name: "Jane", email: "jane.sender@globex.example" });
    const body = { lead_ids: [leadId], assignment: "TEMPLATE" };
    expect((await call(`/api/v1/campaigns/${campaign.json.id}/leads`, { key: t.liveKey, body })).status).toBe(201);
    const send = await call(`/api/v1/campaigns/${campaign.json.id}/steps/1/send`, { key: t.liveKey, method: "POST" });
    expect(send.status).toBe(202);
    expect(await settled(sends, 1)).toEqual([{ status: "sent" }]);
    const [message] = (await call(`/api/v1/messages?lead_id=${leadId}`, { key: t.liveKey })).json.messages;
    expect(message.subject).toBe("From maya@acme.example");
    expect(message.text).toMatch(/^Hi Jane, write to maya@acme\.example\.\n/);
  });

  it("add, reassign, list and remove campaign leads; unknown and foreign leads are reported, not added", async () => {
    const t = await createTenant();
    const other = await createTenant();
    const flow = await createFlow(t.liveKey);
    const ids: string[] = [];
    for (const email of ["a@x.example", "b@x.example", "c@x.example"])
      ids.push((await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email } } })).json.id);
    const foreignFlow = await createFlow(other.liveKey);
    const foreign = (await call(`/api/v1/flows/${foreignFlow.id}/leads`, { key: other.liveKey, body: { lead: { email: "z@y.example" } } }))
      .json.id;
    const campaign = (await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "C", steps: STEPS } })).json;
    const added = await call(`/api/v1/campaigns/${campaign.id}/leads`, {
      key: t.liveKey,
      body: { lead_ids: [...ids.slice(0, 2), foreign, "lead_nobody"], assignment: "PERSONALIZATION" },
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ reassigned: 0, unchanged: 0, not_found: [foreign, "lead_nobody"] });
    expect(added.json.added.map((l: any) => [l.lead_id, l.assignment])).toEqual(
      expect.arrayContaining([
        [ids[0], "PERSONALIZATION"],
        [ids[1], "PERSONALIZATION"],
      ]),
    );
    const again = await call(`/api/v1/campaigns/${campaign.id}/leads`, {
      key: t.liveKey,
      body: { lead_ids: [ids[1], ids[2]], assignment: "TEMPLATE" },
    });
    expect(again.json).toMatchObject({ reassigned: 1, unchanged: 0 });
    expect(
      (await call(`/api/v1/campaigns/${campaign.id}/leads?assignment=TEMPLATE`, { key: t.liveKey })).json.leads
        .map((l: any) => l.lead_id)
        .sort(),
    ).toEqual([ids[1], ids[2]].sort());
    const first = added.json.added.find((l: any) => l.lead_id === ids[0]);
    expect((await call(`/api/v1/campaigns/${campaign.id}/leads/${first.id}`, { key: t.liveKey, method: "DELETE" })).json).toEqual({
      id: first.id,
      deleted: true,
    });
    expect((await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: other.liveKey })).status).toBe(404);
  });
});

describe("playground.batch.completed", () => {
  it("is delivered once, signed, when every item of a batch is done", async () => {
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await deliveries.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const inbox = crypto.randomUUID();
    const endpoint = (
      await call("/api/v1/webhooks", {
        key: t.liveKey,
        body: { url: `https://receiver.test/ok/${inbox}`, events: ["playground.batch.completed"] },
      })
    ).json;
    await fetch(`https://receiver.test/configure/${inbox}`, { method: "POST", body: JSON.stringify({ secret: endpoint.secret }) });
    const lead = (await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "pat@corp.example", first_name: "Pat" }] } }))
      .json.data.leads[0].id;
    const campaign = (await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "C", steps: STEPS } })).json;
    await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: [lead], assignment: "PERSONALIZATION" } });
    const generated = (await call(`/api/v1/campaigns/${campaign.id}/playground/generate`, { key: t.liveKey, body: { step_index: 1 } }))
      .json;
    await vi.waitFor(
      async () =>
        expect(
          (await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${generated.batch_id}`, { key: t.liveKey })).json.status,
        ).toBe("completed"),
      { timeout: 20_000, interval: 100 },
    );
    await settled(deliveries, 1);
    const [delivery] = await received(inbox);
    expect(delivery.standardwebhooks_verified).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({
      event: "playground.batch.completed",
      data: {
        campaign_id: campaign.id,
        batch_id: generated.batch_id,
        step_index: 1,
        total: 1,
        done: 1,
        failed: 0,
        cancelled: 0,
        queued: 0,
      },
    });
  });
});

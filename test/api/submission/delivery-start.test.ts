import { createScheduledController, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../../src/index";
import { unreachableWorkflow } from "../../support/faults";
import { call, createFlow, createTenant, fetchWith, type TestTenant } from "../../support/http";
import { received, settled } from "../../support/workflows";

// An accepted lead is committed before its LeadDeliveryWorkflow is started; these tests prove a
// lead whose start never happened is still delivered, and delivered once.

/** The per-minute cron, as if it ran `minutesLater` minutes from now. */
const cronIn = (minutesLater: number) =>
  worker.scheduled!(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() + minutesLater * 60_000 }), env);

const leadRow = (id: string) =>
  env.DB.prepare("SELECT status, delivery_pending_since FROM leads WHERE id = ?")
    .bind(id)
    .first<{ status: string; delivery_pending_since: string | null }>();

const deliveredEvents = (id: string) =>
  env.DB.prepare("SELECT COUNT(*) n FROM lead_events WHERE lead_id = ? AND type = 'delivered'").bind(id).first<number>("n");

async function recipientFlow(t: TestTenant) {
  const inbox = crypto.randomUUID();
  const flow = await createFlow(t.liveKey, {
    name: "Distribution",
    configuration: {
      steps: [
        { type: "source", name: "Web" },
        { type: "recipient", name: "buyer", service: "http_post", settings: { url: `https://receiver.test/ok/${inbox}` } },
      ],
    },
  });
  return { flow, inbox };
}

/** A Workflow binding whose createBatch answers but creates nothing, reporting each instance as failed. */
const refusingWorkflow = {
  createBatch: async ({ instances }: { instances: { id: string }[] }) => ({
    created: [],
    errors: instances.map((instance, index) => ({ index, id: instance.id, code: 500, message: "internal error (injected)" })),
  }),
};

describe("starting an accepted lead's delivery", () => {
  it.each([
    ["throws", unreachableWorkflow],
    ["reports per-instance errors", refusingWorkflow],
  ])("a lead whose Workflow start %s is stored, left pending, and delivered once by the cron", async (_, binding) => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t);
    const res = await fetchWith({ LEAD_DELIVERY: binding as unknown as Workflow }, `/api/v1/flows/${flow.id}/leads`, t.liveKey, {
      lead: { first_name: "Ada", email: "ada@acme.example" },
      options: { async: true },
    });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("accepted");
    const written = await leadRow(res.json.id);
    expect(written).toEqual({ status: "accepted", delivery_pending_since: expect.any(String) });

    // Within its first minute the start may still be on its way: the cron leaves the lead be.
    await cronIn(0);
    expect((await leadRow(res.json.id))!.delivery_pending_since).toBe(written!.delivery_pending_since);
    expect(await received(inbox)).toEqual([]);

    await cronIn(2);
    expect((await leadRow(res.json.id))!.delivery_pending_since).toBeNull();
    await settled(workflows);
    await vi.waitFor(async () => expect((await leadRow(res.json.id))!.status).toBe("delivered"));
    expect(await received(inbox)).toHaveLength(1);
    expect(await deliveredEvents(res.json.id)).toBe(1);
  });

  it("a batch whose Workflow start failed has each accepted lead delivered once by the cron", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t);
    const res = await fetchWith(
      { LEAD_DELIVERY: unreachableWorkflow as unknown as Workflow },
      `/api/v1/flows/${flow.id}/leads/batch`,
      t.liveKey,
      {
        leads: [{ lead: { email: "eve@acme.example" } }, { lead: { email: "fay@acme.example" } }],
      },
    );
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ successful: 2, failed: 0 });
    const ids: string[] = res.json.results.map((r: any) => r.lead_id);
    expect(ids).toHaveLength(2);

    await cronIn(2);
    await settled(workflows, 2);
    for (const id of ids) {
      await vi.waitFor(async () => expect(await leadRow(id)).toEqual({ status: "delivered", delivery_pending_since: null }));
      expect(await deliveredEvents(id)).toBe(1);
    }
    expect(await received(inbox)).toHaveLength(2);
  });

  it("a delivered lead whose pending mark was lost is not started twice by the cron", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t);
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { first_name: "Bo", email: "bo@acme.example" }, options: { async: false, timeout: 10000 } },
    });
    expect(res.status).toBe(201);
    await settled(workflows);
    // As if the isolate died after the start but before the mark was cleared.
    await env.DB.prepare("UPDATE leads SET delivery_pending_since = created_at WHERE id = ?").bind(res.json.id).run();

    await cronIn(2);
    expect(await leadRow(res.json.id)).toEqual({ status: "delivered", delivery_pending_since: null });
    expect(await received(inbox)).toHaveLength(1);
    expect(await deliveredEvents(res.json.id)).toBe(1);
  });

  it("clears the mark once the Workflow is started, and never marks a lead with nothing to deliver", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    const t = await createTenant();
    const { flow } = await recipientFlow(t);
    const delivered = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { first_name: "Cy", email: "cy@acme.example" }, options: { async: true } },
    });
    expect(delivered.status).toBe(201);
    await vi.waitFor(async () => expect((await leadRow(delivered.json.id))!.delivery_pending_since).toBeNull());
    await settled(workflows);

    const plain = await createFlow(t.liveKey, { name: "No recipients" });
    const stored = await call(`/api/v1/flows/${plain.id}/leads`, { key: t.liveKey, body: { lead: { email: "di@acme.example" } } });
    expect(stored.status).toBe(201);
    expect(await leadRow(stored.json.id)).toEqual({ status: "accepted", delivery_pending_since: null });
  });
});

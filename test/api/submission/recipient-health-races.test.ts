import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { backgroundCtx, type Ctx } from "../../../src/domain/context";
import { deliverToRecipient } from "../../../src/domain/delivery/deliver-lead";
import { attemptDelivery } from "../../../src/domain/webhooks/deliver";
import { call, createFlow, createTenant } from "../../support/http";
import { settled } from "../../support/workflows";

const BURST = 8;

/** Contexts a millisecond apart, as concurrent Workflow steps would have. */
function burstContexts(): Ctx[] {
  const start = Date.now();
  return Array.from({ length: BURST }, (_, i) => ({ ...backgroundCtx(env, () => {}), now: new Date(start + i) }));
}

async function countEvents(tenantId: string, eventType: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = ?")
    .bind(tenantId, eventType)
    .first<{ n: number }>();
  return row!.n;
}

describe("recipient health under concurrent deliveries", () => {
  it("counts every concurrent error, pauses the recipient once at its limit and records one recipient.paused", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "Distribution",
      configuration: {
        steps: [
          { type: "source", name: "Web" },
          {
            type: "recipient",
            name: "buyer_crm_system",
            service: "http_post",
            settings: { url: `https://receiver.test/fail-99/${crypto.randomUUID()}`, max_consecutive_errors: 5 },
          },
        ],
      },
    });
    const submitted = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "a@acme.example" }, options: { async: true } },
    });
    await settled(workflows, 1);
    // The Workflow's own attempts are not part of the burst.
    await env.DB.prepare("DELETE FROM recipient_health WHERE tenant_id = ?").bind(t.id).run();
    const stepId = flow.configuration.steps[1]!.id;
    const target = { tenantId: t.id, testMode: false, leadId: submitted.json.id, flowId: flow.id };

    const results = await Promise.all(burstContexts().map((ctx) => deliverToRecipient(ctx, target, stepId, 1)));

    expect(results.map((r) => r.outcome)).toEqual(Array(BURST).fill("error"));
    const health = await env.DB.prepare("SELECT consecutive_errors, paused_at, paused_reason FROM recipient_health WHERE tenant_id = ?")
      .bind(t.id)
      .first<{ consecutive_errors: number; paused_at: string | null; paused_reason: string | null }>();
    expect(health).toMatchObject({ consecutive_errors: BURST, paused_at: expect.any(String) });
    expect(health!.paused_reason).toMatch(/^5 errors in a row, last: /);
    expect(await countEvents(t.id, "recipient.paused")).toBe(1);
    const list = await call(`/api/v1/flows/${flow.id}/recipients`, { key: t.liveKey });
    expect(list.json.recipients[0]).toMatchObject({ status: "paused", consecutive_errors: BURST });
  });

  it("disables an endpoint once when a burst of deliveries is answered 410, with one webhook.disabled", async () => {
    const t = await createTenant();
    const created = await call("/v1/webhooks", {
      key: t.liveKey,
      body: { url: `https://receiver.test/gone/${crypto.randomUUID()}`, events: ["lead.rejected"] },
    });
    expect(created.status).toBe(201);
    const endpointId = created.json.data.id;
    const at = new Date().toISOString();
    const eventIds = Array.from({ length: BURST }, (_, i) => `evt_burst_${t.id}_${i}`);
    await env.DB.batch(
      eventIds.map((id) =>
        env.DB.prepare(
          "INSERT INTO outbox_events (id, tenant_id, test_mode, event_type, payload, endpoint_id, created_at, dispatched_at) " +
            "VALUES (?, ?, 0, 'lead.rejected', '{}', ?, ?, ?)",
        ).bind(id, t.id, endpointId, at, at),
      ),
    );

    const contexts = burstContexts();
    const results = await Promise.all(
      eventIds.map((eventId, i) => attemptDelivery(contexts[i]!, { tenantId: t.id, testMode: false, endpointId, eventId }, 1)),
    );

    expect(results.map((r) => r.outcome)).toEqual(Array(BURST).fill("gone"));
    expect((await call(`/v1/webhooks/${endpointId}`, { key: t.liveKey })).json.data).toMatchObject({
      enabled: false,
      disabled_reason: "endpoint answered 410 Gone",
    });
    expect(await countEvents(t.id, "webhook.disabled")).toBe(1);
  });
});

import { createScheduledController, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { enqueueDrafts } from "../../src/domain/campaigns/playground";
import { createBatch } from "../../src/domain/scoring/batches";
import worker from "../../src/index";
import { REQUEUE_AFTER_MS } from "../../src/jobs/requeue-stalled";
import { failingNthBatch, unreachableQueue, unreachableWorkflow } from "../support/faults";
import { call, createTenant, fetchWith } from "../support/http";
import { deliver, heldQueue } from "../support/queue";
import { received, settled } from "../support/workflows";

// Each fault is injected at a binding (the queue, a Workflow, D1), and each test ends with the
// same two checks: nothing lost, nothing done twice.

const count = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .first<number>("n");

/** The per-minute cron, as if it ran `minutesLater` minutes from now. */
const cronIn = (minutesLater: number) =>
  worker.scheduled!(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() + minutesLater * 60_000 }), env);

const STALLED_MINUTES = REQUEUE_AFTER_MS / 60_000 + 1;

async function campaignWithLeads(n: number) {
  const t = await createTenant("enterprise");
  const campaign = (
    await call("/api/v1/campaigns", {
      key: t.liveKey,
      body: { name: "Faults", steps: [{ subject: "Hi {{lead.first_name}}", body: "Hello" }] },
    })
  ).json;
  const people = Array.from({ length: n }, (_, i) => ({ email: `fault${i}@corp${i % 3}.example`, first_name: `Pat${i}` }));
  const leadIds = (
    await call("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: people, options: { include_predictions: false, include_recommendations: false } },
    })
  ).json.data.leads.map((l: any) => l.id);
  await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: leadIds, assignment: "PERSONALIZATION" } });
  return { t, campaign };
}

describe("a Worker that fails after its D1 write, before the enqueue or the dispatch", () => {
  it("scoring batch: the cron sends the stalled chunks again, and every lead is scored once", async () => {
    const t = await createTenant("enterprise");
    const leads = Array.from({ length: 250 }, (_, i) => ({ email: `stalled${i}@corp${i % 7}.example`, company: `Corp ${i % 7}` }));
    const res = await fetchWith({ JOBS: unreachableQueue as unknown as Queue }, "/v1/leads/batch", t.liveKey, { leads, async: true });
    expect(res.status).toBe(500);
    const batchId = (await env.DB.prepare("SELECT id FROM scoring_batches WHERE tenant_id = ?").bind(t.id).first<string>("id"))!;
    expect(await count("SELECT COUNT(*) n FROM scoring_batch_chunks WHERE batch_id = ? AND status = 'pending'", batchId)).toBe(3);

    // A minute on, the messages might still be in the queue: the cron leaves them be.
    await cronIn(1);
    expect(await count("SELECT COUNT(*) n FROM scoring_batch_chunks WHERE batch_id = ? AND status = 'pending'", batchId)).toBe(3);
    await cronIn(STALLED_MINUTES);
    await vi.waitFor(
      async () => expect((await call(`/v1/leads/batch/${batchId}`, { key: t.liveKey })).json.data.status).toBe("completed"),
      { timeout: 20_000, interval: 100 },
    );
    const view = (await call(`/v1/leads/batch/${batchId}`, { key: t.liveKey })).json.data;
    expect([view.results.leads.length, view.results.errors ?? []]).toEqual([250, []]);
    expect(await count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?", t.id)).toBe(250);
    expect(await count("SELECT COUNT(DISTINCT lead_id) n FROM lead_events WHERE tenant_id = ? AND type = 'scored'", t.id)).toBe(250);
    expect(await count("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ? AND type = 'scored'", t.id)).toBe(250);
  });

  it("playground: the cron sends the stalled drafts again, and each lead gets one draft", async () => {
    const { t, campaign } = await campaignWithLeads(5);
    const res = await fetchWith(
      { JOBS: unreachableQueue as unknown as Queue },
      `/api/v1/campaigns/${campaign.id}/playground/generate`,
      t.liveKey,
      { step_index: 1 },
    );
    expect(res.status).toBe(500);
    const batchId = (await env.DB.prepare("SELECT id FROM playground_batches WHERE tenant_id = ?").bind(t.id).first<string>("id"))!;
    await cronIn(STALLED_MINUTES);
    await vi.waitFor(
      async () =>
        expect((await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${batchId}`, { key: t.liveKey })).json.status).toBe(
          "completed",
        ),
      { timeout: 20_000, interval: 100 },
    );
    expect(await count("SELECT COUNT(*) n FROM drafts WHERE batch_id = ?", batchId)).toBe(5);
    expect(await count("SELECT COUNT(DISTINCT campaign_lead_id) n FROM drafts WHERE batch_id = ?", batchId)).toBe(5);
    expect(
      await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'playground.batch.completed'", t.id),
    ).toBe(1);
  });

  it("webhooks: an event whose dispatch failed stays in the outbox, and the cron delivers it once", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant("enterprise");
    const inbox = crypto.randomUUID();
    expect(
      (await call("/v1/webhooks", { key: t.liveKey, body: { url: `https://receiver.test/ok/${inbox}`, events: ["lead.scored"] } })).status,
    ).toBe(201);
    const res = await fetchWith({ WEBHOOK_DELIVERY: unreachableWorkflow as unknown as Workflow }, "/v1/leads/analyze", t.liveKey, {
      leads: [{ email: "outbox@corp.example" }],
      options: { include_recommendations: false },
    });
    expect(res.status).toBe(200);
    expect(
      await count(
        "SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead.scored' AND dispatched_at IS NULL",
        t.id,
      ),
    ).toBe(1);
    await cronIn(1);
    await cronIn(2);
    await settled(workflows, 1);
    const deliveries = await received(inbox);
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0].body)).toMatchObject({ event: "lead.scored" });
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND dispatched_at IS NULL", t.id)).toBe(0);
  });
});

describe("a queue consumer that throws in the middle of a batch", () => {
  it("scoring: a chunk whose write failed is retried and scored once, and the batch completes once", async () => {
    const t = await createTenant("enterprise");
    const { ctx, sent } = await heldQueue(t.id);
    const leads = Array.from({ length: 350 }, (_, i) => ({ email: `midbatch${i}@corp${i % 9}.example`, company: `Corp ${i % 9}` }));
    const { view } = await createBatch(ctx, { leads, async: true, options: { include_predictions: true, include_recommendations: false } });
    expect(sent).toHaveLength(4);
    // D1 fails the second write of the delivery: one chunk's scores and results are not stored.
    const first = await deliver("leadedge-jobs", sent, 1, { DB: failingNthBatch(env.DB, 2) });
    expect([first.explicitAcks.length, first.retryMessages.length]).toEqual([3, 1]);
    expect(await count("SELECT COUNT(*) n FROM scoring_batch_chunks WHERE batch_id = ? AND status = 'pending'", view.batch.id)).toBe(1);
    expect(await count("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ? AND type = 'scored'", t.id)).toBe(250);
    // The failed message comes back, and (at least once) the whole batch again.
    await deliver("leadedge-jobs", sent, 2);
    await deliver("leadedge-jobs", sent, 3);
    expect(await count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?", t.id)).toBe(350);
    expect(await count("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ? AND type = 'scored'", t.id)).toBe(350);
    expect(await count("SELECT COUNT(DISTINCT lead_id) n FROM lead_events WHERE tenant_id = ? AND type = 'scored'", t.id)).toBe(350);
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead.scored'", t.id)).toBe(350);
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'scoring.batch.completed'", t.id)).toBe(
      1,
    );
    expect(
      await env.DB.prepare("SELECT status, scored_leads, failed_leads FROM scoring_batches WHERE id = ?").bind(view.batch.id).first(),
    ).toEqual({ status: "completed", scored_leads: 350, failed_leads: 0 });
  });

  it("acknowledges the messages before and after, retries the one that failed, and writes each draft once", async () => {
    const { t, campaign } = await campaignWithLeads(5);
    const { ctx, sent } = await heldQueue(t.id);
    const { batch } = await enqueueDrafts(ctx, campaign.id, { step_index: 1, n_leads: 5 });
    // D1 fails the third message's write.
    const first = await deliver("leadedge-jobs", sent, 1, { DB: failingNthBatch(env.DB, 3) });
    expect([first.explicitAcks.length, first.retryMessages.length]).toEqual([4, 1]);
    expect(await count("SELECT COUNT(*) n FROM drafts WHERE batch_id = ?", batch.id)).toBe(4);
    // The queue redelivers the failed message, and (at least once) the whole batch again.
    await deliver("leadedge-jobs", sent, 2);
    await deliver("leadedge-jobs", sent, 3);
    expect(await count("SELECT COUNT(*) n FROM drafts WHERE batch_id = ?", batch.id)).toBe(5);
    expect(await count("SELECT COUNT(DISTINCT campaign_lead_id) n FROM drafts WHERE batch_id = ?", batch.id)).toBe(5);
    const view = (await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${batch.id}`, { key: t.liveKey })).json;
    expect(view).toMatchObject({ status: "completed", counts: { queued: 0, done: 5, failed: 0 } });
    expect(
      await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'playground.batch.completed'", t.id),
    ).toBe(1);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { removeCampaignLead } from "../../../src/domain/campaigns/campaigns";
import { enqueueDrafts } from "../../../src/domain/campaigns/playground";
import type { PlaygroundDraftMessage } from "../../../src/platform/job-messages";
import { call, createTenant } from "../../support/http";
import { deliver, heldQueue } from "../../support/queue";

// A playground batch completes, with its one event, however its last item ends: failed because the
// campaign, the lead or the step went away, or already done by a Worker that died before finishing.

const STEP = { subject: "Hello {{lead.first_name}}", body: "Hi {{lead.first_name}}", delay_days: 1 };

/** A tenant whose campaign of two steps has `n` leads assigned for personalization, and a held queue. */
async function setUp(n: number) {
  const t = await createTenant("enterprise");
  const campaign = (await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "Outreach", steps: [STEP, STEP] } })).json;
  const people = Array.from({ length: n }, (_, i) => ({ email: `person${i}@corp.example`, first_name: `Pat${i}` }));
  const leadIds: string[] = (
    await call("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: people, options: { include_predictions: false, include_recommendations: false } },
    })
  ).json.data.leads.map((l: { id: string }) => l.id);
  await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: leadIds, assignment: "PERSONALIZATION" } });
  const { ctx, sent } = await heldQueue(t.id);
  const { batch } = await enqueueDrafts(ctx, campaign.id, { step_index: 2, n_leads: n });
  return { t, campaign, ctx, batch, sent: sent as PlaygroundDraftMessage[] };
}

async function batchRow(batchId: string) {
  return env.DB.prepare("SELECT status, completed_at IS NOT NULL AS finished FROM playground_batches WHERE id = ?").bind(batchId).first();
}

async function items(batchId: string) {
  return (await env.DB.prepare("SELECT status, error FROM playground_items WHERE batch_id = ?").bind(batchId).all()).results;
}

const completionEvents = (tenantId: string) =>
  env.DB.prepare("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'playground.batch.completed'")
    .bind(tenantId)
    .first<number>("n");

describe("a playground batch whose last items do not become drafts", () => {
  it("completes once, with one playground.batch.completed, when its campaign was deleted", async () => {
    const { t, campaign, batch, sent } = await setUp(2);
    expect((await call(`/api/v1/campaigns/${campaign.id}`, { key: t.liveKey, method: "DELETE" })).status).toBe(200);
    expect((await deliver("leadedge-jobs", sent)).explicitAcks).toHaveLength(2);
    expect(await items(batch.id)).toEqual([
      { status: "failed", error: "the campaign was deleted" },
      { status: "failed", error: "the campaign was deleted" },
    ]);
    expect(await batchRow(batch.id)).toEqual({ status: "completed", finished: 1 });
    expect(await completionEvents(t.id)).toBe(1);
    await deliver("leadedge-jobs", sent);
    expect(await completionEvents(t.id)).toBe(1);
  });

  it("completes when its last lead left the campaign", async () => {
    const { t, campaign, ctx, batch, sent } = await setUp(2);
    await deliver("leadedge-jobs", sent.slice(0, 1));
    await removeCampaignLead(ctx, campaign.id, sent[1]!.campaignLeadId);
    await deliver("leadedge-jobs", sent.slice(1));
    expect(await batchRow(batch.id)).toEqual({ status: "completed", finished: 1 });
    const view = (await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${batch.id}`, { key: t.liveKey })).json;
    expect(view).toMatchObject({ status: "completed", counts: { queued: 0, done: 1, failed: 1, cancelled: 0 } });
    expect(await completionEvents(t.id)).toBe(1);
  });

  it("completes when its step was removed from the campaign", async () => {
    const { t, campaign, batch, sent } = await setUp(1);
    const patched = await call(`/api/v1/campaigns/${campaign.id}`, { key: t.liveKey, method: "PATCH", body: { steps: [STEP] } });
    expect(patched.status).toBe(200);
    await deliver("leadedge-jobs", sent);
    expect(await items(batch.id)).toEqual([{ status: "failed", error: "the campaign no longer has step 2" }]);
    expect(await batchRow(batch.id)).toEqual({ status: "completed", finished: 1 });
    expect(await completionEvents(t.id)).toBe(1);
  });

  it("completes on the redelivery of an item a Worker marked done before it died", async () => {
    const { t, batch, sent } = await setUp(1);
    // The draft's D1 batch committed and the Worker died before finishing: the item is done, the batch still queued.
    await env.DB.prepare("UPDATE playground_items SET status = 'done' WHERE batch_id = ?").bind(batch.id).run();
    await deliver("leadedge-jobs", sent);
    expect(await batchRow(batch.id)).toEqual({ status: "completed", finished: 1 });
    expect(await completionEvents(t.id)).toBe(1);
  });
});

import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createBatch } from "../../../src/domain/scoring/batches";
import { count } from "../../support/db";
import { call, createTenant } from "../../support/http";
import { deliver, heldQueue } from "../../support/queue";
import { received, settled } from "../../support/workflows";

const leadsOf = (n: number, tag = "b") =>
  Array.from({ length: n }, (_, i) => ({
    email: `${tag}${i}@corp${i % 9}.example`,
    employees: (i % 30) * 40,
    engagement_score: (i * 7) % 100,
    position: i % 4 ? "Analyst" : "Head of Sales",
    custom_fields: { tier: i % 3 ? "b" : "a" },
  }));

describe("POST /v1/leads/batch", () => {
  it("with async: false scores every lead now and answers with the results in order", async () => {
    const t = await createTenant("enterprise");
    const leads = leadsOf(250);
    const res = await call("/v1/leads/batch", { key: t.liveKey, body: { leads, async: false } });
    expect(res.status).toBe(200);
    const data = res.json.data;
    expect(data).toMatchObject({
      batch_id: expect.stringMatching(/^batch_/),
      status: "completed",
      async: false,
      total_leads: 250,
      webhook: null,
      completed_at: expect.any(String),
    });
    expect(data.progress).toEqual({ total_chunks: 3, chunks_done: 3, scored_leads: 250, failed_leads: 0, percent: 100 });
    expect(data.results.leads).toHaveLength(250);
    expect(data.results.errors).toEqual([]);
    const ids = data.results.leads.map((l: any) => l.id);
    const emails = await env.DB.prepare(`SELECT id, email FROM leads WHERE tenant_id = ?`).bind(t.id).all<{ id: string; email: string }>();
    const emailOf = new Map(emails.results.map((r) => [r.id, r.email]));
    expect(ids.map((id: string) => emailOf.get(id))).toEqual(leads.map((l) => l.email));
    expect(data.results.summary.total_leads).toBe(250);
    expect(data.results.summary.hot_leads).toBe(data.results.leads.filter((l: any) => l.category === "hot").length);

    const again = await call(`/v1/leads/batch/${data.batch_id}`, { key: t.liveKey });
    expect(again.status).toBe(200);
    expect(again.json.data.results).toEqual(data.results);
  });

  it("rejects a lead without an email before anything is queued, naming the lead", async () => {
    const t = await createTenant();
    const res = await call("/v1/leads/batch", {
      key: t.liveKey,
      body: { leads: [{ email: "a@b.example" }, { name: "No Mail" }], async: true },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("Missing required field: email (leads[1])");
    expect(await count("SELECT COUNT(*) n FROM scoring_batches WHERE tenant_id = ?", t.id)).toBe(0);
  });

  it("refuses more than 1,000 leads and a webhook_url that is not a URL", async () => {
    const t = await createTenant("enterprise");
    const tooMany = await call("/v1/leads/batch", { key: t.liveKey, body: { leads: leadsOf(1001), async: true } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.details.field).toBe("leads");
    const badUrl = await call("/v1/leads/batch", { key: t.liveKey, body: { leads: leadsOf(1), async: true, webhook_url: "not a url" } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.json.error.details.field).toBe("webhook_url");
  });

  it("with async: true answers 202 at once, scores through the queue, and sends one signed completion webhook", async () => {
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await deliveries.modifyAll((m) => m.disableSleeps());
    const t = await createTenant("enterprise");
    const inbox = crypto.randomUUID();
    const res = await call("/v1/leads/batch", {
      key: t.liveKey,
      body: { leads: leadsOf(320, "q"), async: true, webhook_url: `https://receiver.test/ok/${inbox}` },
    });
    expect(res.status).toBe(202);
    expect(res.json.data).toMatchObject({
      status: "queued",
      total_leads: 320,
      results: null,
      status_url: `/v1/leads/batch/${res.json.data.batch_id}`,
      webhook: { endpoint_id: expect.stringMatching(/^whk_/), secret: expect.stringMatching(/^whsec_/) },
    });
    await fetch(`https://receiver.test/configure/${inbox}`, {
      method: "POST",
      body: JSON.stringify({ secret: res.json.data.webhook.secret }),
    });

    let view: any;
    await vi.waitFor(
      async () => {
        view = (await call(res.json.data.status_url, { key: t.liveKey })).json.data;
        expect(view.status).toBe("completed");
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(view.progress).toEqual({ total_chunks: 4, chunks_done: 4, scored_leads: 320, failed_leads: 0, percent: 100 });
    expect(view.results.leads).toHaveLength(320);
    expect(await count("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ? AND type = 'scored'", t.id)).toBe(320);

    await settled(deliveries, 1);
    const got = await received(inbox);
    expect(got).toHaveLength(1);
    expect(got[0].standardwebhooks_verified).toBe(true);
    expect(JSON.parse(got[0].body)).toEqual({
      event: "scoring.batch.completed",
      timestamp: expect.any(String),
      data: {
        batch_id: view.batch_id,
        status: "completed",
        total_leads: 320,
        scored_leads: 320,
        failed_leads: 0,
        summary: view.results.summary,
        status_url: view.status_url,
      },
    });

    // The endpoint made for webhook_url is the tenant's, and a second batch to it reuses it.
    const second = await call("/v1/leads/batch", {
      key: t.liveKey,
      body: { leads: leadsOf(1, "r"), async: false, webhook_url: `https://receiver.test/ok/${inbox}` },
    });
    expect(second.json.data.webhook).toEqual({ endpoint_id: res.json.data.webhook.endpoint_id, secret: null });
  });

  it("scores each chunk once and completes once when every queue message is delivered twice, even at the same time", async () => {
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await deliveries.modifyAll((m) => m.disableSleeps());
    const t = await createTenant("enterprise");
    await call("/v1/webhooks", {
      key: t.liveKey,
      body: { url: `https://receiver.test/ok/${crypto.randomUUID()}`, events: ["scoring.batch.completed"] },
    });
    const { ctx, sent } = await heldQueue(t.id);
    const { view } = await createBatch(ctx, {
      leads: leadsOf(350, "d"),
      async: true,
      options: { include_predictions: true, include_recommendations: true },
    });
    expect(sent).toHaveLength(4);
    expect(view.status).toBe("queued");

    const [first, duplicate] = await Promise.all([deliver("leadedge-jobs", sent), deliver("leadedge-jobs", sent)]);
    // A duplicate that found a chunk being scored is retried, never scored alongside.
    const retried = [...first.retryMessages, ...duplicate.retryMessages].length;
    expect(first.explicitAcks.length + duplicate.explicitAcks.length + retried).toBe(8);
    const redelivery = await deliver("leadedge-jobs", sent, 2);
    expect(redelivery.explicitAcks).toHaveLength(4);

    expect(await count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?", t.id)).toBe(350);
    expect(await count("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ? AND type = 'scored'", t.id)).toBe(350);
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead.scored'", t.id)).toBe(350);
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'scoring.batch.completed'", t.id)).toBe(
      1,
    );
    const batch = await env.DB.prepare("SELECT status, scored_leads, failed_leads FROM scoring_batches WHERE id = ?")
      .bind(view.batch.id)
      .first();
    expect(batch).toEqual({ status: "completed", scored_leads: 350, failed_leads: 0 });
    await settled(deliveries, 1);
    expect(
      await count("SELECT COUNT(*) n FROM webhook_deliveries WHERE tenant_id = ? AND event_type = 'scoring.batch.completed'", t.id),
    ).toBe(1);
  });

  it("counts a chunk that ran out of retries as failed and still completes the batch", async () => {
    const t = await createTenant("enterprise");
    const { ctx, sent } = await heldQueue(t.id);
    const { view } = await createBatch(ctx, {
      leads: leadsOf(150, "f"),
      async: true,
      options: { include_predictions: false, include_recommendations: false },
    });
    expect((await deliver("leadedge-jobs", [sent[0]!])).explicitAcks).toHaveLength(1);
    const midway = (await call(`/v1/leads/batch/${view.batch.id}`, { key: t.liveKey })).json.data;
    expect(midway).toMatchObject({
      status: "processing",
      results: null,
      progress: { total_chunks: 2, chunks_done: 1, scored_leads: 100, failed_leads: 0, percent: 50 },
    });

    expect((await deliver("leadedge-jobs-dlq", [sent[1]!], 4)).explicitAcks).toHaveLength(1);
    const done = (await call(`/v1/leads/batch/${view.batch.id}`, { key: t.liveKey })).json.data;
    expect(done.status).toBe("completed");
    expect(done.progress).toMatchObject({ scored_leads: 100, failed_leads: 50, chunks_done: 2 });
    expect(done.results.leads).toHaveLength(100);
    expect(Object.keys(done.results.leads[0]).sort()).toEqual(["category", "factors", "id", "model", "score"]);
    expect(done.results.errors).toEqual([{ chunk: 1, leads: 50, error: "scoring failed after every retry" }]);
  });

  it("retries a message it cannot handle rather than dropping it", async () => {
    const t = await createTenant();
    const result = await deliver("leadedge-jobs", [
      { type: "scoring.batch_chunk", tenantId: t.id, testMode: false, batchId: "batch_missing", chunk: 0 },
    ]);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
  });

  it("shows another tenant's batch as not found", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const res = await call("/v1/leads/batch", { key: a.liveKey, body: { leads: leadsOf(2, "i"), async: false } });
    const other = await call(`/v1/leads/batch/${res.json.data.batch_id}`, { key: b.liveKey });
    expect(other.status).toBe(404);
    expect(other.json.status).toBe("error");
    const testMode = await call(`/v1/leads/batch/${res.json.data.batch_id}`, { key: a.testKey });
    expect(testMode.status).toBe(404);
  });
});

describe("scoring settings", () => {
  it("start at the documented defaults and change category thresholds and deal value", async () => {
    const t = await createTenant();
    const initial = await call("/v1/models/settings", { key: t.liveKey });
    expect(initial.json).toEqual({
      status: "success",
      data: { hot_threshold: 90, warm_threshold: 50, deal_value: 25000, min_outcomes_per_class: 50, updated_at: null },
    });

    const leads = leadsOf(40, "s");
    const before = (await call("/v1/leads/analyze", { key: t.liveKey, body: { leads } })).json.data.leads;
    const changed = await call("/v1/models/settings", {
      key: t.liveKey,
      method: "PATCH",
      body: { hot_threshold: 60, warm_threshold: 30, deal_value: 40000 },
    });
    expect(changed.status).toBe(200);
    expect(changed.json.data).toMatchObject({ hot_threshold: 60, warm_threshold: 30, deal_value: 40000, min_outcomes_per_class: 50 });
    const after = (await call("/v1/leads/analyze", { key: t.liveKey, body: { leads } })).json.data.leads;
    after.forEach((lead: any, i: number) => {
      expect(lead.score).toBe(before[i].score);
      expect(lead.category).toBe(lead.score >= 60 ? "hot" : lead.score >= 30 ? "warm" : "cold");
      // conversion_probability is shown to 2 decimals; predicted_revenue comes from the exact one.
      expect(Math.abs(lead.predicted_revenue / 40000 - lead.conversion_probability)).toBeLessThanOrEqual(0.0051);
    });
    expect(after.some((l: any, i: number) => l.category !== before[i].category)).toBe(true);

    const reset = await call("/v1/models/settings", { key: t.liveKey, method: "PATCH", body: { deal_value: null } });
    expect(reset.json.data.deal_value).toBe(25000);
    expect((await call("/v1/models/settings", { key: t.testKey })).json.data.hot_threshold).toBe(90);
  });

  it("refuse a warm threshold at or above the hot one, naming the field", async () => {
    const t = await createTenant();
    const res = await call("/v1/models/settings", { key: t.liveKey, method: "PATCH", body: { warm_threshold: 95 } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.field).toBe("warm_threshold");
  });
});

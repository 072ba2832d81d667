import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { enqueueDrafts } from "../../../src/domain/campaigns/playground";
import { consumeDraft } from "../../../src/domain/campaigns/playground-drafts";
import type { PlaygroundDraftMessage } from "../../../src/platform/job-messages";
import { call, createTenant } from "../../support/http";
import { deliver, heldQueue } from "../../support/queue";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const count = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .first<number>("n");
const STEP = {
  subject: "Quick question, {{lead.first_name}}",
  body: "Hi {{lead.first_name}},\n\nTeams like {{lead.company}} often ask us about onboarding.\n\n{{sender.name}}",
  delay_days: 2,
};

/** A tenant with a sender, a campaign of `steps` steps and `n` leads assigned to it for personalization. */
async function setUp(
  n: number,
  options: { steps?: number; systemPrompt?: string | null; senderPrompt?: string | null; templateLeads?: number } = {},
) {
  const t = await createTenant("enterprise");
  await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["acme.example"] } });
  const sender = (
    await call("/api/v1/senders", {
      key: t.liveKey,
      body: { name: "Maya", from_email: "maya@acme.example", signature: "Maya, Acme", custom_prompt: options.senderPrompt ?? null },
    })
  ).json;
  const campaign = (
    await call("/api/v1/campaigns", {
      key: t.liveKey,
      body: {
        name: "Outreach",
        sender_id: sender.id,
        system_prompt: options.systemPrompt ?? null,
        steps: Array.from({ length: options.steps ?? 2 }, (_, i) => ({ ...STEP, subject: `${STEP.subject} (${i + 1})` })),
      },
    })
  ).json;
  const people = Array.from({ length: n + (options.templateLeads ?? 0) }, (_, i) => ({
    email: `person${i}@corp${i % 5}.example`,
    first_name: `Pat${i}`,
    company: `Corp ${i % 5}`,
    industry: i % 2 ? "logistics" : "fintech",
    position: i % 3 ? "VP Sales" : "CTO",
  }));
  const leadIds: string[] = (
    await call("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: people, options: { include_predictions: false, include_recommendations: false } },
    })
  ).json.data.leads.map((l: any) => l.id);
  await call(`/api/v1/campaigns/${campaign.id}/leads`, {
    key: t.liveKey,
    body: { lead_ids: leadIds.slice(0, n), assignment: "PERSONALIZATION" },
  });
  if (options.templateLeads)
    await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: leadIds.slice(n), assignment: "TEMPLATE" } });
  return { t, sender, campaign, leadIds };
}

describe("POST /api/v1/campaigns/{id}/playground/generate", () => {
  it("answers the seed's example in its shape, with UUIDs, and the queue writes one draft per lead", async () => {
    const { t, campaign } = await setUp(3, { steps: 16 });
    expect(campaign.id).toMatch(UUID);
    const res = await call(`/api/v1/campaigns/${campaign.id}/playground/generate`, {
      key: t.liveKey,
      body: { step_index: 16, n_leads: 50, custom_prompt: "<string>" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      campaign_id: campaign.id,
      step_index: 16,
      batch_id: expect.stringMatching(UUID),
      enqueued_lead_ids: [expect.stringMatching(UUID), expect.stringMatching(UUID), expect.stringMatching(UUID)],
      prompt_version_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      total: 3,
      skipped: [],
    });
    let batch: any;
    await vi.waitFor(
      async () => {
        batch = (await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${res.json.batch_id}`, { key: t.liveKey })).json;
        expect(batch.status).toBe("completed");
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(batch).toMatchObject({ total: 3, prompt_source: "custom_prompt", counts: { queued: 0, done: 3, failed: 0, cancelled: 0 } });
    const drafts = (await call(`/api/v1/campaigns/${campaign.id}/drafts?batch_id=${res.json.batch_id}`, { key: t.liveKey })).json.drafts;
    expect(drafts).toHaveLength(3);
    expect(drafts[0]).toMatchObject({
      step_index: 16,
      subject: expect.stringMatching(/^Quick question, Pat\d \(16\)$/),
      provenance: { source: "template", reason: "no model configured" },
      token_usage: null,
    });
    expect(
      await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'playground.batch.completed'", t.id),
    ).toBe(1);
    // The same step and prompt again: a new batch is new work (the seed's tuple includes batch_id).
    const again = await call(`/api/v1/campaigns/${campaign.id}/playground/generate`, {
      key: t.liveKey,
      body: { step_index: 16, n_leads: 50, custom_prompt: "<string>" },
    });
    expect(again.json).toMatchObject({ total: 3, skipped: [], prompt_version_hash: res.json.prompt_version_hash });
    expect(again.json.batch_id).not.toBe(res.json.batch_id);
  });

  it.each([
    ["step_index 0", { step_index: 0 }, "step_index"],
    ["step_index 33", { step_index: 33 }, "step_index"],
    ["n_leads 0", { step_index: 1, n_leads: 0 }, "n_leads"],
    ["n_leads 201", { step_index: 1, n_leads: 201 }, "n_leads"],
    ["a 32,001-character custom_prompt", { step_index: 1, custom_prompt: "x".repeat(32_001) }, "custom_prompt"],
    ["no step_index", { n_leads: 5 }, "step_index"],
    ["a step the campaign does not have", { step_index: 3 }, "step_index"],
  ])("refuses %s, naming the field", async (_, body, field) => {
    const { t, campaign } = await setUp(1);
    const res = await call(`/api/v1/campaigns/${campaign.id}/playground/generate`, { key: t.liveKey, body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.details[0].field).toBe(field);
  });

  it("answers 404 for an unknown campaign and another tenant's", async () => {
    const { campaign } = await setUp(1);
    const other = await createTenant();
    expect(
      (await call(`/api/v1/campaigns/${crypto.randomUUID()}/playground/generate`, { key: other.liveKey, body: { step_index: 1 } })).status,
    ).toBe(404);
    expect(
      (await call(`/api/v1/campaigns/${campaign.id}/playground/generate`, { key: other.liveKey, body: { step_index: 1 } })).status,
    ).toBe(404);
    expect((await call(`/api/v1/campaigns/${campaign.id}/drafts`, { key: other.liveKey })).status).toBe(404);
  });

  it("resolves the prompt as custom_prompt, then the campaign's, then the sender's, then the default; each its own version", async () => {
    const { t, campaign, sender } = await setUp(2, { systemPrompt: "Campaign prompt", senderPrompt: "Sender prompt" });
    const { ctx } = await heldQueue(t.id);
    const sources: string[] = [];
    const hashes = new Set<string>();
    const run = async (custom: string | null) => {
      const { batch } = await enqueueDrafts(ctx, campaign.id, { step_index: 1, n_leads: 1, custom_prompt: custom });
      sources.push(batch.promptSource);
      hashes.add(batch.promptVersionHash);
      return batch;
    };
    expect((await run("Custom prompt")).prompt).toBe("Custom prompt");
    expect((await run(null)).prompt).toBe("Campaign prompt");
    await call(`/api/v1/campaigns/${campaign.id}`, { key: t.liveKey, method: "PATCH", body: { system_prompt: null } });
    expect((await run(null)).prompt).toBe("Sender prompt");
    await call(`/api/v1/senders/${sender.id}`, { key: t.liveKey, method: "PATCH", body: { custom_prompt: null } });
    expect((await run(null)).prompt).toMatch(/^You write one personalised outreach email/);
    expect(sources).toEqual(["custom_prompt", "campaign", "sender", "default"]);
    expect(hashes.size).toBe(4);
    // The hash is the documented one: SHA-256 of the resolved prompt and the step's templates.
    const expected = await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(
        JSON.stringify({ prompt: "Custom prompt", step_index: 1, channel: "email", subject: `${STEP.subject} (1)`, body: STEP.body }),
      ),
    );
    expect([...hashes][0]).toBe([...new Uint8Array(expected)].map((b) => b.toString(16).padStart(2, "0")).join(""));
  });
});

describe("the playground queue", () => {
  it("enqueues and consumes 200 leads, selecting only PERSONALIZATION ones; every message delivered twice still writes one draft each", async () => {
    const { t, campaign } = await setUp(200, { templateLeads: 5 });
    const { ctx, sent } = await heldQueue(t.id);
    const { batch, enqueuedLeadIds } = await enqueueDrafts(ctx, campaign.id, { step_index: 2, n_leads: 200 });
    expect([batch.total, enqueuedLeadIds.length, sent.length]).toEqual([200, 200, 200]);
    const [first, duplicate] = await Promise.all([
      deliver("leadedge-jobs", sent.slice(0, 100)),
      deliver("leadedge-jobs", sent.slice(0, 100)),
    ]);
    expect(first.explicitAcks.length + duplicate.explicitAcks.length).toBe(200);
    await deliver("leadedge-jobs", sent.slice(100));
    await deliver("leadedge-jobs", sent.slice(100));
    expect(await count("SELECT COUNT(*) n FROM drafts WHERE batch_id = ?", batch.id)).toBe(200);
    const view = (await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${batch.id}`, { key: t.liveKey })).json;
    expect(view).toMatchObject({ status: "completed", counts: { queued: 0, done: 200, failed: 0, cancelled: 0 } });
    expect(
      await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'playground.batch.completed'", t.id),
    ).toBe(1);
    const template = await count(
      "SELECT COUNT(*) n FROM drafts d JOIN campaign_leads c ON c.id = d.campaign_lead_id WHERE d.batch_id = ? AND c.assignment = 'TEMPLATE'",
      batch.id,
    );
    expect(template).toBe(0);
  });

  it("writes nothing more once a batch is cancelled between enqueue and consume", async () => {
    const { t, campaign } = await setUp(4);
    const { ctx, sent } = await heldQueue(t.id);
    const { batch } = await enqueueDrafts(ctx, campaign.id, { step_index: 1, n_leads: 4 });
    await deliver("leadedge-jobs", sent.slice(0, 1));
    const cancelled = await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${batch.id}/cancel`, {
      key: t.liveKey,
      method: "POST",
    });
    expect(cancelled.json).toMatchObject({ status: "cancelled", counts: { done: 1, cancelled: 3, queued: 0 } });
    expect((await deliver("leadedge-jobs", sent.slice(1))).explicitAcks).toHaveLength(3);
    expect(await count("SELECT COUNT(*) n FROM drafts WHERE batch_id = ?", batch.id)).toBe(1);
    expect(
      (await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${batch.id}/cancel`, { key: t.liveKey, method: "POST" })).status,
    ).toBe(409);
  });

  it("shows an item whose message was dead-lettered as failed", async () => {
    const { t, campaign } = await setUp(2);
    const { ctx, sent } = await heldQueue(t.id);
    const { batch } = await enqueueDrafts(ctx, campaign.id, { step_index: 1, n_leads: 2 });
    await deliver("leadedge-jobs", sent.slice(0, 1));
    await deliver("leadedge-jobs-dlq", sent.slice(1));
    const view = (await call(`/api/v1/campaigns/${campaign.id}/playground/batches/${batch.id}`, { key: t.liveKey })).json;
    expect(view).toMatchObject({ status: "completed", counts: { done: 1, failed: 1 } });
  });

  it("acknowledges the drafts of a campaign deleted while they were queued, failing them with the reason (found by the fuzzer)", async () => {
    const { t, campaign } = await setUp(2);
    const { ctx, sent } = await heldQueue(t.id);
    const { batch } = await enqueueDrafts(ctx, campaign.id, { step_index: 1, n_leads: 2 });
    expect((await call(`/api/v1/campaigns/${campaign.id}`, { key: t.liveKey, method: "DELETE" })).status).toBe(200);
    const result = await deliver("leadedge-jobs", sent);
    expect([result.explicitAcks.length, result.retryMessages.length]).toEqual([2, 0]);
    expect(await count("SELECT COUNT(*) n FROM drafts WHERE batch_id = ?", batch.id)).toBe(0);
    const reasons = await env.DB.prepare("SELECT status, error FROM playground_items WHERE batch_id = ?").bind(batch.id).all();
    expect(reasons.results).toEqual([
      { status: "failed", error: "the campaign was deleted" },
      { status: "failed", error: "the campaign was deleted" },
    ]);
  });
});

describe("drafts", () => {
  it("merge the step's templates with the lead and sender, personalised by role, company and industry, without a model", async () => {
    const { t, campaign } = await setUp(1);
    const { ctx, sent } = await heldQueue(t.id);
    await enqueueDrafts(ctx, campaign.id, { step_index: 1, n_leads: 1 });
    expect(await consumeDraft(ctx, sent[0] as PlaygroundDraftMessage)).toBe("written");
    const [draft] = (await call(`/api/v1/campaigns/${campaign.id}/drafts?step_index=1`, { key: t.liveKey })).json.drafts;
    expect(draft.subject).toBe("Quick question, Pat0 (1)");
    expect(draft.body).toBe(
      "Hi Pat0,\n\nI imagine that as a CTO at Corp 0 in fintech you see this first-hand.\n\nTeams like Corp 0 often ask us about onboarding.\n\nMaya\n\nMaya, Acme",
    );
    expect(draft.lead_id).toMatch(/^lead_/);
    expect(draft.provenance).toEqual({ source: "template", reason: "no model configured" });
  });

  it("come from the configured model with its token usage, and fall back when it fails", async () => {
    const { t, campaign } = await setUp(2);
    const model = await heldQueue(t.id, {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: "https://llm.provider.test/v1",
      OPENAI_MODEL: "fake-valid",
    });
    await enqueueDrafts(model.ctx, campaign.id, { step_index: 1, n_leads: 1 });
    await consumeDraft(model.ctx, model.sent[0] as PlaygroundDraftMessage);
    const broken = await heldQueue(t.id, {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: "https://llm.provider.test/v1",
      OPENAI_MODEL: "fake-500",
    });
    await enqueueDrafts(broken.ctx, campaign.id, { step_index: 2, n_leads: 1 });
    await consumeDraft(broken.ctx, broken.sent[0] as PlaygroundDraftMessage);
    const drafts = (await call(`/api/v1/campaigns/${campaign.id}/drafts`, { key: t.liveKey })).json.drafts;
    expect(drafts[0]).toMatchObject({
      step_index: 1,
      subject: expect.stringMatching(/^Model: Pat\d, a note for Corp \d$/),
      provenance: { source: "model", model: "fake-valid" },
      token_usage: { prompt_tokens: 120, completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    expect(drafts[1]).toMatchObject({
      step_index: 2,
      provenance: { source: "template", reason: "the model provider answered 500" },
      token_usage: null,
    });
  });
});

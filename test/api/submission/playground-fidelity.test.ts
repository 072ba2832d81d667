import { describe, expect, it } from "vitest";
import { enqueueDrafts } from "../../../src/domain/campaigns/playground";
import { consumeDraft } from "../../../src/domain/campaigns/playground-drafts";
import { applyDirectives, directivesOf } from "../../../src/domain/campaigns/prompt-directives";
import { DEFAULT_PROMPT } from "../../../src/domain/campaigns/prompts";
import type { PlaygroundDraftMessage } from "../../../src/platform/job-messages";
import { call, createTenant } from "../../support/http";
import { deliver, heldQueue } from "../../support/queue";

// Issue 21, items 18-19: the playground seed's generate, again, and drafts that follow the prompt.

const BODY =
  "Hi {{lead.first_name}},\n\nTeams like {{lead.company}} often ask us about onboarding. We cut the first week to a day. " +
  "Most teams see results within a month.\n\nHere is how Corp teams roll it out across regions and shifts without a big-bang launch.\n\n{{sender.name}}";

async function setUp(n: number) {
  const t = await createTenant("enterprise");
  await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["acme.example"] } });
  const sender = (await call("/api/v1/senders", { key: t.liveKey, body: { name: "Maya", from_email: "maya@acme.example" } })).json;
  const campaign = (
    await call("/api/v1/campaigns", {
      key: t.liveKey,
      body: { name: "Outreach", sender_id: sender.id, steps: [{ subject: "Hello {{lead.first_name}}", body: BODY, delay_days: 0 }] },
    })
  ).json;
  const people = Array.from({ length: n }, (_, i) => ({ email: `p${i}@corp.example`, first_name: `Pat${i}`, company: "Corp" }));
  const ids = (await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: people } })).json.data.leads.map((l: any) => l.id);
  await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: ids, assignment: "PERSONALIZATION" } });
  return { t, campaign };
}

const generate = (t: { liveKey: string }, campaignId: string, body: Record<string, unknown>) =>
  call(`/api/v1/campaigns/${campaignId}/playground/generate`, { key: t.liveKey, body });

describe("item 18: generate again", () => {
  it("enqueues the step's leads again in a new batch, skipping with the reason those a running batch is drafting", async () => {
    const { t, campaign } = await setUp(3);
    const { ctx, sent } = await heldQueue(t.id);
    const first = await enqueueDrafts(ctx, campaign.id, { step_index: 1, n_leads: 2, custom_prompt: "<string>" });
    expect(first.enqueuedLeadIds).toHaveLength(2);
    // The first batch is still running: its two leads are skipped, the third is enqueued.
    const again = await generate(t, campaign.id, { step_index: 1, n_leads: 50, custom_prompt: "<string>" });
    expect(again.status).toBe(200);
    expect(again.json.total).toBe(1);
    expect(again.json.enqueued_lead_ids).toHaveLength(1);
    expect(again.json.enqueued_lead_ids).not.toContain(first.enqueuedLeadIds[0]);
    expect(again.json.skipped).toEqual(
      first.enqueuedLeadIds.map((id) => ({
        lead_id: id,
        batch_id: first.batch.id,
        reason: `already being drafted in running batch ${first.batch.id} for this step and prompt version`,
      })),
    );
    // Another prompt is other work: nothing is skipped.
    const other = await generate(t, campaign.id, { step_index: 1, n_leads: 50, custom_prompt: "Be formal." });
    expect(other.json).toMatchObject({ total: 3, skipped: [] });
    // Once the first batch has finished, the same prompt drafts all three again, in a new batch.
    await deliver("leadedge-jobs", sent);
    const third = await generate(t, campaign.id, { step_index: 1, n_leads: 50, custom_prompt: "<string>" });
    expect(third.json.skipped.map((s: any) => s.batch_id)).not.toContain(first.batch.id);
    expect(third.json.total + third.json.skipped.length).toBe(3);
  });
});

describe("item 19: the draft without a model follows the resolved prompt", () => {
  it("two prompts give two drafts: tone, length and call to action as each asks", async () => {
    const { t, campaign } = await setUp(1);
    const { ctx, sent } = await heldQueue(t.id);
    const prompts = [
      "Write in a formal tone. Keep it under 40 words. Call to action: book a 20-minute demo at acme.example/demo.",
      "Casual and friendly, please. End by asking for a quick 10-minute chat.",
    ];
    const drafts: string[] = [];
    const hashes: string[] = [];
    for (const prompt of prompts) {
      const { batch } = await enqueueDrafts(ctx, campaign.id, { step_index: 1, n_leads: 1, custom_prompt: prompt });
      hashes.push(batch.promptVersionHash);
      expect(await consumeDraft(ctx, sent.at(-1) as PlaygroundDraftMessage)).toBe("written");
      const listed = (await call(`/api/v1/campaigns/${campaign.id}/drafts?batch_id=${batch.id}`, { key: t.liveKey })).json.drafts;
      drafts.push(listed[0].body);
    }
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(drafts[0]).toBe(
      "Dear Pat0,\n\nI imagine that at Corp you see this first-hand.\n\n" +
        "Teams like Corp often ask us about onboarding. We cut the first week to a day.\n\n" +
        "Book a 20-minute demo at acme.example/demo.\n\nKind regards,\n\nMaya",
    );
    expect(drafts[0]!.split(/\s+/).length).toBeLessThanOrEqual(40);
    expect(drafts[1]).toBe(
      "Hey Pat0,\n\nI imagine that at Corp you see this first-hand.\n\n" +
        "Teams like Corp often ask us about onboarding. We cut the first week to a day. Most teams see results within a month.\n\n" +
        "Here is how Corp teams roll it out across regions and shifts without a big-bang launch.\n\n" +
        "Would you be open to a quick 10-minute chat?\n\nCheers,\n\nMaya",
    );
  });

  it("reads the directives a prompt gives, and the default prompt's 150-word limit", () => {
    expect(directivesOf(DEFAULT_PROMPT)).toEqual({ tone: "neutral", maxWords: 150, callToAction: null });
    expect(directivesOf("Professional and friendly; 80 words max; ask them to reply with a good time.")).toEqual({
      tone: "formal",
      maxWords: 80,
      callToAction: "Could you reply with a good time?",
    });
    expect(directivesOf('Keep it short. CTA: "Grab a slot on my calendar"')).toEqual({
      tone: "neutral",
      maxWords: 90,
      callToAction: "Grab a slot on my calendar.",
    });
    const neutral = applyDirectives("Hi Ann,\n\nA line.\n\nBest,\nMaya", directivesOf("Plain text."), null);
    expect(neutral).toBe("Hi Ann,\n\nA line.\n\nBest,\nMaya");
  });
});

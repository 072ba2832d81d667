import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/database";
import { generateLandingPage } from "../../../src/domain/generation/landing-page";
import { generateSequence, sequenceTemplate } from "../../../src/domain/generation/sequence";
import { generateStages, generateStatuses } from "../../../src/domain/generation/statuses";
import { createSender } from "../../support/email";
import { call, createTenant } from "../../support/http";

// Issue 21, items 16-17: the AI generation seed's answers are fit for the endpoints they are for.

const SEQUENCE = {
  prompt: "A 5-email cold outreach sequence for B2B SaaS targeting CTOs. Include follow-ups based on email engagement.",
  industry: "B2B SaaS",
  tone: "professional and friendly",
  emailCount: "5",
};
const STATUSES = "We're a B2B SaaS company. Leads come from website forms, events, and referrals. We qualify, demo, and close.";
const STAGES = "Enterprise software sales with a 60-day average cycle. We do discovery, demo, POC, proposal, and negotiation.";

const ctxWith = (model: string) => ({
  db: openDatabase(env.DB),
  env: { ...env, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "https://llm.provider.test/v1", OPENAI_MODEL: model } as Env,
  now: new Date(),
  fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init),
  waitUntil: () => {},
});

describe("item 16: a model's answer is checked with the target endpoint's rules", () => {
  it("repairs a sequence POST /v1/workflows would refuse, says what it changed, and the result is accepted there", async () => {
    const { sequence, provenance } = await generateSequence(ctxWith("fake-rule-breaking"), SEQUENCE);
    expect(provenance).toEqual({
      source: "model",
      model: "fake-rule-breaking",
      repaired: [
        "dropped edge e-9, which led to a missing node or repeated an id",
        "dropped node email-orphan, which the trigger cannot reach",
      ],
    });
    expect(sequence.nodes.map((n) => n.nodeId)).toEqual(["trigger-1", "email-1", "wait-1", "cond-1", "email-2", "action-1"]);
    const t = await createTenant();
    const created = await call("/v1/workflows", { key: t.liveKey, body: sequence });
    expect(created.status).toBe(201);
  });

  it("replaces a sequence no repair can save (a cycle) by the template, naming the rule", async () => {
    const { sequence, provenance } = await generateSequence(ctxWith("fake-rule-broken"), SEQUENCE);
    expect(provenance).toEqual({
      source: "template",
      reason: "the model's sequence breaks POST /v1/workflows' rules (edges.e-9: edge e-9 from email-2 back to email-1 makes a cycle)",
    });
    expect(sequence.name).toBe("CTO Outreach Sequence");
    expect(sequence.nodes.filter((n) => n.type === "email")).toHaveLength(5);
  });

  it("repairs statuses and stages /v1/config/statuses would refuse (a code twice, two defaults, a won stage left open)", async () => {
    const statuses = await generateStatuses(ctxWith("fake-rule-breaking"), STATUSES);
    expect(statuses.provenance).toEqual({
      source: "model",
      model: "fake-rule-breaking",
      repaired: ["dropped the second status with code new", "made new the one default (the answer had 2)"],
    });
    expect(statuses.statuses.map((s) => [s.code, s.isDefault])).toEqual([
      ["new", true],
      ["won", false],
    ]);
    const stages = await generateStages(ctxWith("fake-rule-breaking"), STAGES);
    expect(stages.provenance).toMatchObject({
      source: "model",
      repaired: ["made talk the one default (the answer had 2)", "closed closed_won, a won stage"],
    });
    expect(stages.stages.map((s) => [s.code, s.isDefault, s.isClosed, s.isWon])).toEqual([
      ["talk", true, false, false],
      ["closed_won", false, true, true],
    ]);
    const t = await createTenant();
    expect((await call("/v1/config/statuses", { key: t.liveKey, body: { statuses: statuses.statuses } })).status).toBe(201);
    const opportunity = { entityType: "opportunity", stages: stages.stages };
    expect((await call("/v1/config/statuses", { key: t.liveKey, body: opportunity })).status).toBe(201);
  });

  it("replaces statuses no repair can save by the template, naming the rule", async () => {
    const statuses = await generateStatuses(ctxWith("fake-rule-broken"), STATUSES);
    expect(statuses.provenance).toEqual({
      source: "template",
      reason: "the model's statuses break POST /v1/config/statuses' rules (fewer than 2 left)",
    });
    expect(statuses.statuses.map((s) => s.code)).toEqual(["new", "contacted", "qualified", "demo_scheduled", "won", "lost"]);
    const stages = await generateStages(ctxWith("fake-rule-broken"), STAGES);
    expect(stages.provenance).toMatchObject({ source: "template" });
    expect(stages.stages[0]!.code).toBe("discovery");
  });
});

describe("item 17: the opportunity-stages template answers the seed's stages", () => {
  it("for the seed's prompt: discovery 10, demo 25, POC 40, proposal 60, the negotiation the prompt names, closed won 5 and lost 6", async () => {
    const t = await createTenant();
    const res = await call("/v1/config/ai/generate-opportunity-stages", { key: t.liveKey, body: { prompt: STAGES } });
    expect(res.status).toBe(200);
    const stage = (code: string, name: string, description: string, color: string, sortOrder: number, p: number) => ({
      code,
      name,
      description,
      color,
      sortOrder,
      isDefault: sortOrder === 0,
      isClosed: code.startsWith("closed_"),
      isWon: code === "closed_won",
      defaultProbability: p,
    });
    expect(res.json).toEqual({
      success: true,
      data: {
        stages: [
          stage("discovery", "Discovery", "Initial qualification", "blue", 0, 10),
          stage("demo", "Demo", "Product demonstration", "cyan", 1, 25),
          stage("poc", "POC", "Proof of concept", "indigo", 2, 40),
          stage("proposal", "Proposal", "Commercial proposal sent", "violet", 3, 60),
          stage("negotiation", "Negotiation", "Terms under discussion", "amber", 4, 80),
          stage("closed_won", "Closed Won", "Deal won", "green", 5, 100),
          stage("closed_lost", "Closed Lost", "Deal lost", "red", 6, 0),
        ],
      },
      message: "Opportunity stages generated",
      provenance: { source: "template", reason: "no model configured" },
    });
  });
});

/** A ctx whose model answers `answer` to every chat completion; any other request goes out as usual. */
const ctxAnswering = (answer: unknown) => ({
  ...ctxWith("fake-chosen"),
  fetch: async (i: RequestInfo | URL, init?: RequestInit) => {
    if (!String(i instanceof Request ? i.url : i).endsWith("/chat/completions")) return fetch(i, init);
    const content = JSON.stringify(answer);
    const choice = { index: 0, finish_reason: "stop", message: { role: "assistant", content } };
    return Response.json({ id: "chatcmpl-chosen", object: "chat.completion", created: 0, model: "fake-chosen", choices: [choice] });
  },
});

describe("what the generators answer posts to the endpoint it is for", () => {
  it("the sequence template saves with only its senders missing, and activates once every email has one", async () => {
    const t = await createTenant();
    const generated = await call("/v1/campaigns/ai/generate-sequence", { key: t.liveKey, body: SEQUENCE });
    const saved = await call("/v1/workflows", { key: t.liveKey, body: generated.json.data });
    expect(saved.status).toBe(201);
    expect(saved.json.data.problems).toEqual([
      ...[1, 2, 3, 4, 5].map((i) => ({
        field: `nodes.email-${i}`,
        code: "missing_sender",
        message: `email email-${i} has no senderId`,
      })),
      {
        field: "nodes.action-notify",
        code: "missing_sender",
        message: "action action-notify (notify_owner) needs senderId, or an email node with a senderId",
      },
    ]);
    const sender = await createSender(t.liveKey);
    const nodes = generated.json.data.nodes.map((n: any) => (n.type === "email" ? { ...n, data: { ...n.data, senderId: sender.id } } : n));
    const id = saved.json.data.id;
    expect((await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "PATCH", body: { nodes } })).json.data.problems).toEqual([]);
    const activated = await call(`/v1/workflows/${id}/activate`, { key: t.liveKey, method: "POST" });
    expect(activated.status).toBe(200);
    expect(activated.json.data.workflow.status).toBe("active");
  });

  it("keeps a model's sequence shaped like the template, whose senders the user fills in later", async () => {
    const shaped = sequenceTemplate(SEQUENCE, 5);
    const { sequence, provenance } = await generateSequence(ctxAnswering({ ...shaped, name: "Model Sequence" }), SEQUENCE);
    expect(provenance).toEqual({ source: "model", model: "fake-chosen" });
    expect(sequence).toEqual({ ...shaped, name: "Model Sequence" });
  });

  it("answers from the template when a model's email has a merge field that does not merge", async () => {
    const shaped = sequenceTemplate(SEQUENCE, 5);
    const nodes = shaped.nodes.map((n) => (n.nodeId === "email-1" ? { ...n, data: { ...n.data, body: "Hi {{first_name}}," } } : n));
    const { sequence, provenance } = await generateSequence(ctxAnswering({ ...shaped, name: "Model Sequence", nodes }), SEQUENCE);
    expect(provenance).toEqual({
      source: "template",
      reason:
        "the model's sequence breaks POST /v1/workflows' rules (nodes.email-1: email email-1 body {{first_name}}: " +
        'is not of the form {{lead.field}} or {{lead.field | "fallback"}})',
    });
    expect(sequence).toEqual(shaped);
  });

  it("cuts a model's font list to its first family, which POST /v1/landing-pages accepts", async () => {
    const page = {
      name: "Model Page",
      description: "Model description",
      slug: "model-page",
      sections: [{ sectionId: "hero-1", type: "hero", label: "Hero", visible: true, order: 0 }],
      seo: { title: "Model Page", metaDescription: "Model meta" },
      style: { primaryColor: "#112233", backgroundColor: "#ffffff", fontFamily: "'Inter', sans-serif" },
      content: "<div><h1>Model Page</h1></div>",
    };
    const generated = await generateLandingPage(ctxAnswering(page), { prompt: "A page for our logistics software" });
    expect(generated).toEqual({
      page: { ...page, style: { ...page.style, fontFamily: "Inter" } },
      provenance: {
        source: "model",
        model: "fake-chosen",
        repaired: ["took Inter, the first family of the font list 'Inter', sans-serif"],
      },
    });
    const t = await createTenant();
    const created = await call("/v1/landing-pages", { key: t.liveKey, body: generated.page });
    expect(created.status).toBe(201);
    expect(created.json.data.style.fontFamily).toBe("Inter");
  });

  it("answers from the template when a model's sortOrder is past POST /v1/config/statuses' 1000, and that posts", async () => {
    const status = (code: string, sortOrder: number) => ({ code, name: code, description: "", color: "blue", sortOrder, isDefault: false });
    const answer = { statuses: [{ ...status("fresh", 0), isDefault: true }, status("won", 5000)] };
    const { statuses, provenance } = await generateStatuses(ctxAnswering(answer), STATUSES);
    expect(provenance).toEqual({
      source: "template",
      reason: "the model's answer did not fit: statuses.1.sortOrder: Too big: expected number to be <=1000",
    });
    const t = await createTenant();
    expect((await call("/v1/config/statuses", { key: t.liveKey, body: { statuses } })).status).toBe(201);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/database";
import { generateLandingPage } from "../../../src/domain/generation/landing-page";
import { generateSequence } from "../../../src/domain/generation/sequence";
import { generateStages, generateStatuses } from "../../../src/domain/generation/statuses";
import { call, createTenant } from "../../support/http";

// The AI generation seed's requests, as written.
const SEQUENCE = {
  prompt: "A 5-email cold outreach sequence for B2B SaaS targeting CTOs. Include follow-ups based on email engagement.",
  industry: "B2B SaaS",
  tone: "professional and friendly",
  emailCount: "5",
};
const PAGE = {
  prompt: "A webinar registration page for a product demo. Include hero, features, speaker bio, and registration form.",
  industry: "B2B SaaS",
  goal: "webinar registration",
};
const STATUSES = { prompt: "We're a B2B SaaS company. Leads come from website forms, events, and referrals. We qualify, demo, and close." };
const STAGES = { prompt: "Enterprise software sales with a 60-day average cycle. We do discovery, demo, POC, proposal, and negotiation." };

const NO_KEY = { source: "template", reason: "no model configured" };

describe("AI generation without a model key: the templates", () => {
  it("answers the sequence seed with 5 emails, an engagement check and the seed's node format", async () => {
    const t = await createTenant();
    const res = await call("/v1/campaigns/ai/generate-sequence", { key: t.liveKey, body: SEQUENCE });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      success: true,
      message: "Sequence generated",
      provenance: NO_KEY,
      data: { name: "CTO Outreach Sequence", description: "A 5-email cold outreach sequence for B2B SaaS targeting CTOs" },
    });
    const nodes = res.json.data.nodes;
    expect(nodes.filter((n: any) => n.type === "email")).toHaveLength(5);
    expect(nodes[0]).toEqual({
      nodeId: "trigger-1",
      type: "trigger",
      position: { x: 300, y: 50 },
      data: { label: "Manual Trigger", triggerType: "manual" },
    });
    expect(nodes[1]).toMatchObject({
      nodeId: "email-1",
      type: "email",
      data: { label: "Introduction Email", subjectLine: expect.any(String), body: expect.stringContaining("CTOs") },
    });
    expect(nodes.find((n: any) => n.nodeId === "cond-1").data).toEqual({ label: "Email opened?", conditionField: "email_opened" });
    expect(
      res.json.data.edges
        .filter((e: any) => e.source === "cond-1")
        .map((e: any) => e.sourceHandle)
        .sort(),
    ).toEqual(["no", "yes"]);
    const again = await call("/v1/campaigns/ai/generate-sequence", { key: t.liveKey, body: SEQUENCE });
    expect(again.json.data).toEqual(res.json.data);
  });

  it("follows the prompt: a 7-email sequence has 7 email nodes, a casual tone changes the greeting", async () => {
    const t = await createTenant();
    const seven = await call("/v1/campaigns/ai/generate-sequence", {
      key: t.liveKey,
      body: { prompt: "A 7-email nurture sequence for real estate agents", tone: "casual" },
    });
    expect(seven.json.data.nodes.filter((n: any) => n.type === "email")).toHaveLength(7);
    expect(seven.json.data.nodes.find((n: any) => n.nodeId === "email-1").data.body).toMatch(/^Hey /);
  });

  it("answers the landing page seed as the seed does: hero, features and a registration form, no invented speaker", async () => {
    const t = await createTenant();
    const res = await call("/v1/campaigns/ai/generate-landing-page", { key: t.liveKey, body: PAGE });
    expect(res.status).toBe(200);
    const page = res.json.data;
    expect(page).toMatchObject({
      name: "Product Demo Webinar",
      slug: "product-demo-webinar",
      description: "Webinar registration landing page",
      seo: { title: "Product Demo Webinar" },
      style: { primaryColor: "#4f46e5", backgroundColor: "#ffffff", fontFamily: "Inter" },
    });
    expect(page.sections.map((s: any) => [s.sectionId, s.type, s.order])).toEqual([
      ["hero-1", "hero", 0],
      ["features-1", "features", 1],
      ["form-1", "form", 2],
    ]);
    expect(page.sections.map((s: any) => s.label)).toEqual(["Hero", "What You'll Learn", "Register Now"]);
    expect(page.sections[0].content).toEqual({
      heading: "Product Demo Webinar",
      text: "Join us live for a product demo.",
      cta: "Register Now",
    });
    expect(page.content).toMatch(/^<div class="page"><section class="section section-hero" data-section="hero-1"><div class="hero-inner">/);
    expect(page.content).toContain('<h1>Product Demo Webinar</h1><p class="lead">Join us live for a product demo.</p>');
    expect(page.content).toContain('<a class="button" href="#form">Register Now</a>');
    expect(page.content).toContain('<ul class="cards"><li class="card"><h3>See it in action</h3>');
    expect(page.content).toContain("<h3>Made for B2B SaaS</h3>");
    expect(page.content).not.toMatch(/Your host|speaker/i);
    const plain = await call("/v1/campaigns/ai/generate-landing-page", {
      key: t.liveKey,
      body: { prompt: "A page for our logistics software with pricing and an FAQ", tone: "playful" },
    });
    // Pricing and an FAQ are asked for but not given: no made-up plans, prices or answers.
    expect(plain.json.data.sections.map((s: any) => s.type)).toEqual(["hero", "form"]);
    expect(plain.json.data.sections[0].content.text).toBe("Discover our logistics software.");
    expect(plain.json.data.style.primaryColor).toBe("#f59e0b");
  });

  it("draws speaker, agenda, FAQ, testimonial and pricing sections from what the prompt supplies, exactly", async () => {
    const t = await createTenant();
    const prompt =
      "A webinar registration page for our Q3 pipeline review on March 3 at 2 pm ET. Features: live dashboards, CRM sync. " +
      "Agenda: 14:00 Welcome; 14:10 Pipeline demo; 14:40 Q&A. Hosted by Jane Doe, VP Sales. " +
      '"We doubled our qualified pipeline." — Raj Patel, CTO at Northwind. Starter $29/month, Growth $99/month. ' +
      "FAQ: Is it free? Yes, attendance is free. Will there be a recording? Yes, every registrant gets it.";
    const res = await call("/v1/campaigns/ai/generate-landing-page", { key: t.liveKey, body: { prompt } });
    const byType = Object.fromEntries(res.json.data.sections.map((s: any) => [s.type, s.content]));
    expect(Object.keys(byType)).toEqual(["hero", "features", "agenda", "speaker", "testimonials", "pricing", "faq", "form"]);
    expect(byType.hero).toMatchObject({
      text: "Join us live for our Q3 pipeline review.",
      when: "March 3 at 2 pm ET",
    });
    expect(byType.features.items).toEqual([{ title: "Live dashboards" }, { title: "CRM sync" }]);
    expect(byType.agenda.items).toEqual([
      { time: "14:00", title: "Welcome" },
      { time: "14:10", title: "Pipeline demo" },
      { time: "14:40", title: "Q&A" },
    ]);
    expect(byType.speaker.speakers).toEqual([{ name: "Jane Doe", role: "VP Sales" }]);
    expect(byType.testimonials.items).toEqual([
      { quote: "We doubled our qualified pipeline.", author: "Raj Patel", role: "CTO at Northwind" },
    ]);
    expect(byType.pricing.items).toEqual([
      { name: "Starter", price: "$29/month" },
      { name: "Growth", price: "$99/month" },
    ]);
    expect(byType.faq.items).toEqual([
      { question: "Is it free?", answer: "Yes, attendance is free." },
      { question: "Will there be a recording?", answer: "Yes, every registrant gets it." },
    ]);
    const html = res.json.data.content;
    expect(html).toContain('<h3>Jane Doe</h3><p class="role">VP Sales</p>');
    expect(html).toContain(
      "<blockquote><p>We doubled our qualified pipeline.</p></blockquote><figcaption>Raj Patel, CTO at Northwind</figcaption>",
    );
    expect(html).toContain("<dt>Is it free?</dt><dd>Yes, attendance is free.</dd>");
  });

  it("answers the status seed with the seed's statuses, which POST /v1/config/statuses accepts unchanged", async () => {
    const t = await createTenant();
    const res = await call("/v1/config/ai/generate-statuses", { key: t.liveKey, body: STATUSES });
    expect(res.json).toEqual({
      success: true,
      data: {
        statuses: [
          { code: "new", name: "New", description: "Freshly created lead", color: "blue", sortOrder: 0, isDefault: true },
          { code: "contacted", name: "Contacted", description: "Initial outreach made", color: "cyan", sortOrder: 1, isDefault: false },
          {
            code: "qualified",
            name: "Qualified",
            description: "Meets qualification criteria",
            color: "green",
            sortOrder: 2,
            isDefault: false,
          },
          { code: "demo_scheduled", name: "Demo Scheduled", description: "Demo booked", color: "indigo", sortOrder: 3, isDefault: false },
          { code: "won", name: "Won", description: "Converted to customer", color: "emerald", sortOrder: 5, isDefault: false },
          { code: "lost", name: "Lost", description: "Did not convert", color: "red", sortOrder: 6, isDefault: false },
        ],
      },
      message: "Lead statuses generated",
      provenance: NO_KEY,
    });
    const created = await call("/v1/config/statuses", { key: t.liveKey, body: res.json.data });
    expect(created.status).toBe(201);
    expect(created.json.data.statuses).toHaveLength(6);
  });

  it("answers the stage seed with the named stages, rising probabilities and closed won/lost, which POST /v1/config/statuses accepts", async () => {
    const t = await createTenant();
    const res = await call("/v1/config/ai/generate-opportunity-stages", { key: t.liveKey, body: STAGES });
    const stages = res.json.data.stages;
    expect(stages.map((s: any) => [s.code, s.defaultProbability, s.isClosed, s.isWon])).toEqual([
      ["discovery", 10, false, false],
      ["demo", 25, false, false],
      ["poc", 40, false, false],
      ["proposal", 60, false, false],
      ["negotiation", 80, false, false],
      ["closed_won", 100, true, true],
      ["closed_lost", 0, true, false],
    ]);
    const created = await call("/v1/config/statuses", { key: t.liveKey, body: { entityType: "opportunity", ...res.json.data } });
    expect(created.status).toBe(201);
    expect(created.json.data.entityType).toBe("opportunity");
  });

  it("names a stage by a whole word or its plural: contractors are no contract, demos are a demo", async () => {
    const t = await createTenant();
    const codes = async (prompt: string) =>
      (await call("/v1/config/ai/generate-opportunity-stages", { key: t.liveKey, body: { prompt } })).json.data.stages.map(
        (s: any) => s.code,
      );
    const named = ["discovery", "demo", "proposal", "closed_won", "closed_lost"];
    expect(await codes("We sell to general contractors. We do discovery, demo and proposal.")).toEqual(named);
    expect(await codes("Legally minded demographics, pocket-sized: we run discovery calls, demos and proposals.")).toEqual(named);
  });

  it("refuses a missing prompt, naming the field", async () => {
    const t = await createTenant();
    const res = await call("/v1/campaigns/ai/generate-sequence", { key: t.liveKey, body: { industry: "B2B SaaS" } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ success: false, error: { code: "INVALID_REQUEST", details: { field: "prompt" } } });
  });
});

describe("AI generation against an OpenAI-compatible endpoint (faked at the fetch boundary)", () => {
  const ctxWith = (model: string) => ({
    db: openDatabase(env.DB),
    env: {
      ...env,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: "https://llm.provider.test/v1",
      OPENAI_MODEL: model,
      OPENAI_TIMEOUT_MS: "500",
    } as Env,
    now: new Date(),
    fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init),
    waitUntil: () => {},
  });

  it("uses the model's valid answers, for each generator", async () => {
    const model = { source: "model", model: "fake-valid" };
    const sequence = await generateSequence(ctxWith("fake-valid"), SEQUENCE);
    expect(sequence.provenance).toEqual(model);
    expect(sequence.sequence.name).toBe("Model Sequence");
    const page = (await generateLandingPage(ctxWith("fake-valid"), PAGE)).page;
    expect(page.name).toBe("Model Page");
    expect(page.content).toBe("<div><h1>Model Page</h1></div>");
    expect((await generateStatuses(ctxWith("fake-valid"), STATUSES.prompt)).statuses.map((s) => s.code)).toEqual(["fresh", "won"]);
    const stages = await generateStages(ctxWith("fake-valid"), STAGES.prompt);
    expect([stages.provenance, stages.stages[0]!.code]).toEqual([model, "talk"]);
  });

  it("asks again after invalid JSON and then uses the valid answer", async () => {
    const { provenance, statuses } = await generateStatuses(ctxWith("fake-invalid-then-valid"), STATUSES.prompt);
    expect(provenance).toEqual({ source: "model", model: "fake-invalid-then-valid" });
    expect(statuses[0]!.code).toBe("fresh");
  });

  it.each([
    ["fake-slow", "the model did not answer within 0.5 s"],
    ["fake-500", "the model provider answered 500"],
    ["fake-always-invalid", "the model's answer was not valid JSON"],
  ])("falls back to the templates when the model fails (%s), saying why", async (model, reason) => {
    const { sequence, provenance } = await generateSequence(ctxWith(model), SEQUENCE);
    expect(provenance).toEqual({ source: "template", reason });
    expect(sequence.name).toBe("CTO Outreach Sequence");
  });
});

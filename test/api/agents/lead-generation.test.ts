import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { demoPoolRows } from "../../../scripts/demo-pool.mjs";
import { SEED_REQUEST } from "../../../src/api/agents/lead-generation/schemas";
import { openDatabase } from "../../../src/db/database";
import * as schema from "../../../src/db/schema";
import { analyze } from "../../../src/domain/lead-generation/analysis";
import { getCommand } from "../../../src/domain/lead-generation/commands";
import { deliver } from "../../../src/domain/lead-generation/delivery";
import { enrich } from "../../../src/domain/lead-generation/enrichment";
import { rank } from "../../../src/domain/lead-generation/ranking";
import { research, type Shortlisted } from "../../../src/domain/lead-generation/research";
import { verify } from "../../../src/domain/lead-generation/verification";
import { actingFor } from "../../../src/domain/tenancy/tenants";
import { count } from "../../support/db";
import { call, createTenant, type TestTenant } from "../../support/http";
import { EXPECTED, loadKnownPool } from "../../support/known-pool";
import { received, settled } from "../../support/workflows";

/** A tenant with a site, a user and the known pool; the seed's request pointed at them. */
async function setUp(plan: "starter" | "growth" | "enterprise" = "growth") {
  const t = await createTenant(plan);
  const site = (await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
  const user = (await call("/v1/users", { key: t.liveKey, body: { name: "Sam Seller", email: "sam@acme.example" } })).json.data;
  await loadKnownPool(t.id);
  const request = (overrides: Record<string, unknown> = {}) => ({ ...SEED_REQUEST, siteId: site.id, userId: user.id, ...overrides });
  return { t, site, user, request };
}

/**
 * The lead-generation Workflow, introspected with its sleeps off; with `failing`, that stage
 * throws `error` on its first `times` attempts, retried without delay.
 */
async function introspectCommands(failing?: { stage: string; error: string; times: number }) {
  const workflows = await introspectWorkflow(env.LEAD_GENERATION);
  await workflows.modifyAll(async (m) => {
    await m.disableSleeps();
    if (!failing) return;
    await m.disableRetryDelays();
    await m.mockStepError({ name: failing.stage }, new Error(failing.error), failing.times);
  });
  return workflows;
}

const run = async (t: TestTenant, body: unknown) => {
  const res = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body });
  expect(res.status).toBe(202);
  return res.json.data.command_id as string;
};

describe("POST /api/agents/sales/leadGeneration", () => {
  it("answers the seed's processing response and stores the seed's command object", async () => {
    await using workflows = await introspectCommands();
    const { t, site, user, request } = await setUp();
    const res = await call("/api/agents/sales/command/leadGeneration", { key: t.liveKey, body: request() });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({
      success: true,
      data: {
        command_id: expect.stringMatching(/^cmd_/),
        site_id: site.id,
        status: "processing",
        estimated_completion_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        leads_requested: 25,
        job_priority: "high",
        process_info: { stage: "initial_search", progress_percentage: 5 },
        webhook: null,
      },
    });
    await settled(workflows, 1);
    const command = await call(`/api/agents/sales/command/${res.json.data.command_id}`, { key: t.liveKey });
    expect(command.json.data).toEqual({
      task: "generate qualified sales leads",
      userId: user.id,
      agentId: "agent_sales_789def",
      site_id: site.id,
      description: expect.stringContaining(
        "Generate 25 qualified leads for Acme Automation Inc.'s Workflow Automation Platform, targeting CTO, Head of Engineering and VP of Operations",
      ),
      targets: [
        {
          leads: {
            count: 25,
            profile: {
              industries: ["saas", "tech", "manufacturing"],
              company_sizes: ["51-200", "201-500"],
              roles: ["CTO", "Head of Engineering", "VP of Operations"],
              locations: ["United States", "Canada", "United Kingdom"],
              interests: ["automation", "efficiency", "cost-reduction"],
            },
            search_parameters: {
              keywords: ["digital transformation", "workflow automation"],
              excluded_terms: ["recruiting", "staffing"],
              revenue_range: { min: 1000000, max: 50000000 },
              has_website: true,
            },
          },
        },
      ],
      context: expect.stringMatching(/^Company Context:\n\{/),
      supervisor: [
        { agent_role: "lead_quality_analyst", status: "not_initialized" },
        { agent_role: "market_researcher", status: "not_initialized" },
      ],
      generated_by: { source: "template", reason: "no model configured" },
    });
    expect(JSON.parse(command.json.data.context.slice("Company Context:\n".length))).toEqual({
      name: "Acme Automation Inc.",
      industry: "enterprise software",
      offering: "Workflow Automation Platform",
      value_proposition: "Reduce manual processes by 60%",
      ideal_customer: "Mid-sized manufacturing companies struggling with outdated processes",
      selling_points: ["Industry-specific automation templates", "30-day implementation guarantee", "24/7 customer support"],
    });
  });

  it("with a model configured, widens the profile with its synonyms and lets it write the description", async () => {
    await using workflows = await introspectCommands();
    const { t, request } = await setUp();
    const db = openDatabase(env.DB);
    const at = new Date().toISOString();
    await db.insert(schema.prospectCompanies).values({
      id: "pco_metalworks",
      tenantId: t.id,
      testMode: false,
      name: "Metalworks",
      domain: "metalworks.example",
      industry: "metal fabrication",
      employees: 300,
      sizeBand: null,
      revenueUsd: 9e6,
      country: "Canada",
      city: "Hamilton",
      keywords: [],
      description: null,
      technologies: [],
      createdAt: at,
      updatedAt: at,
    });
    await db.insert(schema.prospectContacts).values({
      id: "pct_architect",
      tenantId: t.id,
      testMode: false,
      companyId: "pco_metalworks",
      firstName: "Ola",
      lastName: "Berg",
      title: "Chief Architect",
      email: "ola@metalworks.example",
      phone: null,
      linkedin: null,
      country: null,
      city: null,
      createdAt: at,
      updatedAt: at,
    });
    const id = await run(t, request());
    await settled(workflows, 1);
    const withRules = await actingFor(
      { db, env, now: new Date(), fetch: (i, init) => fetch(i, init), waitUntil: () => {} },
      { tenantId: t.id, testMode: false },
    );
    const withModel = {
      ...withRules,
      env: { ...env, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "https://llm.provider.test/v1", OPENAI_MODEL: "fake-valid" } as Env,
    };
    const command = await getCommand(withRules, id);
    const ruled = await analyze(withRules, command);
    expect((await research(withRules, command, ruled.plan)).shortlist.map((c) => c.email)).not.toContain("ola@metalworks.example");
    const modelled = await analyze(withModel, command);
    expect(modelled.expandedBy).toEqual({ source: "model", model: "fake-valid" });
    expect(modelled.plan.industries.find((i) => i.target === "manufacturing")!.terms).toContain("metal fabrication");
    const { shortlist } = await research(withModel, command, modelled.plan);
    expect(shortlist.map((c) => c.email)).toContain("ola@metalworks.example");
    const verified = await verify(withModel, shortlist);
    const phrased = await enrich(withModel, command, verified);
    const ola = phrased.find((l) => l.email === "ola@metalworks.example")!;
    expect(ola.match_summary).toBe(`Model: Chief Architect at Metalworks, ${ola.match_reasons.length} criteria met.`);
    expect((await enrich(withRules, command, verified)).every((l) => l.match_summary === null)).toBe(true);
    const described = (await call(`/api/agents/sales/command/${id}`, { key: t.liveKey })).json.data;
    expect(described.description).toBe("Model: find 25 CTO, Head of Engineering, VP of Operations leads in saas, tech, manufacturing.");
    expect(described.generated_by).toEqual({ source: "model", model: "fake-valid" });
  });

  it("delivers exactly the contacts that match the profile, never an excluded or known one, best match first", async () => {
    await using workflows = await introspectCommands();
    const { t, request } = await setUp();
    // Mia is already a lead of the tenant: she must not be delivered again.
    await call("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "mia@ironbridge.example" }] } });
    const id = await run(t, request());
    const [output] = await settled(workflows, 1);
    expect(output).toEqual({ status: "completed", leads: 7 });

    const status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data;
    expect(status).toMatchObject({
      command_id: id,
      status: "completed",
      progress: { percentage: 100, stage: "completed", leads_found: 7, leads_verified: 5, estimated_time_remaining: "00:00:00" },
    });
    const emails = status.leads_generated.map((l: any) => l.email);
    expect(new Set(emails)).toEqual(new Set(EXPECTED.filter((e) => e !== "mia@ironbridge.example")));
    const scores = status.leads_generated.map((l: any) => l.match_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const jane = status.leads_generated.find((l: any) => l.email === "jane.smith@northwind-mfg.example");
    expect(jane).toMatchObject({
      name: "Jane Smith",
      company: "Northwind Manufacturing",
      position: "CTO",
      website: "https://northwind-mfg.example",
      industry: "manufacturing",
      company_size: "201-500",
      location: "Chicago, United States",
      estimated_revenue: "$15M-$25M",
      verified: true,
      match_summary: null,
      match_reasons: [
        "Industry match: manufacturing",
        "Role match: CTO",
        "Company size match: 201-500 employees",
        "Location match: United States",
        "Revenue match: $15M",
        "Has website: northwind-mfg.example",
        "Interest match: automation",
        "Keyword match: digital transformation",
        "Keyword match: workflow automation",
      ],
    });
    expect(status.leads_generated.find((l: any) => l.email === "ana@brightlane.example").match_reasons).toContain(
      "Role match: Head of Engineering",
    );
    expect(status.leads_generated.find((l: any) => l.email === "info@brightlane.example").verified).toBe(false);
    expect(status.leads_generated.find((l: any) => l.email === "sam.cole@gmail.com").verified).toBe(false);
    expect(status.summary).toEqual({
      total_leads: 7,
      average_match_score: expect.any(Number),
      verified_percentage: 71,
      industries_breakdown: { manufacturing: 2, saas: 3, technology: 1, industrial: 1 },
      roles_breakdown: { CTO: 4, "VP of Operations": 1, "Head of Engineering": 2 },
    });
    const rows = await env.DB.prepare(
      "SELECT source, match_score, verified, custom_fields FROM leads WHERE tenant_id = ? AND source = 'lead_generation'",
    )
      .bind(t.id)
      .all<any>();
    expect(rows.results).toHaveLength(7);
    expect(JSON.parse(rows.results[0].custom_fields)).toMatchObject({ lead_generation_command_id: id });

    const timings = await env.DB.prepare("SELECT stage_timings FROM lead_generation_commands WHERE id = ?")
      .bind(id)
      .first<string>("stage_timings");
    expect(Object.keys(JSON.parse(timings!)).sort()).toEqual(["analysis", "delivery", "enrichment", "research", "scoring", "verification"]);

    // The same profile again: everything that matches was delivered, so nothing is delivered twice.
    const again = await run(t, request({ maxLeads: 10 }));
    await settled(workflows, 2);
    expect((await call(`/api/agents/sales/leadGeneration/status/${again}`, { key: t.liveKey })).json.data.leads_generated).toEqual([]);
  });

  it("delivers each contact to one command when commands whose targets overlap run at once: later ones take what is left", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    // Each command's Workflow waits for its turn, so the test runs the stages itself: every command
    // researches before any delivers, as commands running at once do.
    await workflows.modifyAll((m) => m.mockStepResult({ name: "turn 0" }, 1));
    const { t, request } = await setUp();
    const ids = [await run(t, request({ maxLeads: 3 })), await run(t, request({ maxLeads: 4 })), await run(t, request({ maxLeads: 3 }))];
    const ctx = await actingFor(
      { db: openDatabase(env.DB), env, now: new Date(), fetch: (i, init) => fetch(i, init), waitUntil: () => {} },
      { tenantId: t.id, testMode: false },
    );
    const ready = [];
    for (const id of ids) {
      const command = await getCommand(ctx, id);
      const { shortlist } = await research(ctx, command, (await analyze(ctx, command)).plan);
      expect(shortlist).toHaveLength(8);
      ready.push({ command, enriched: await enrich(ctx, command, rank(await verify(ctx, shortlist))) });
    }
    // The first two deliver at the same moment, from the same shortlist; the third after them.
    await Promise.all(ready.slice(0, 2).map(({ command, enriched }) => deliver(ctx, command, enriched)));
    await deliver(ctx, ready[2]!.command, ready[2]!.enriched);
    const delivered: string[][] = [];
    for (const id of ids) {
      const status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data;
      expect(status.status).toBe("completed");
      delivered.push(status.leads_generated.map((l: any) => l.email));
      expect(status.summary.total_leads).toBe(delivered.at(-1)!.length);
    }
    expect(delivered.map((d) => d.length)).toEqual([3, 4, 1]);
    const order = ready[0]!.enriched.map((l) => l.email);
    for (const { enriched } of ready) expect(enriched.map((l) => l.email)).toEqual(order);
    expect(new Set(order)).toEqual(new Set(EXPECTED));
    // The two at once shared the best seven; the third asked for 3 and got the one left. Each in rank order.
    expect(new Set([...delivered[0]!, ...delivered[1]!])).toEqual(new Set(order.slice(0, 7)));
    expect(delivered[2]).toEqual(order.slice(7));
    for (const d of delivered) expect(d).toEqual(order.filter((e) => d.includes(e)));
    const perCommand = async (sql: string) =>
      Object.fromEntries((await env.DB.prepare(sql).bind(t.id).all<{ c: string; n: number }>()).results.map((r) => [r.c, r.n]));
    const want = Object.fromEntries(ids.map((id, i) => [id, delivered[i]!.length]));
    expect(await perCommand("SELECT id c, leads_delivered n FROM lead_generation_commands WHERE tenant_id = ?")).toEqual(want);
    expect(
      await perCommand(
        "SELECT json_extract(custom_fields, '$.lead_generation_command_id') c, COUNT(*) n FROM leads WHERE tenant_id = ? GROUP BY c",
      ),
    ).toEqual(want);
    expect(
      await perCommand(
        "SELECT json_extract(data, '$.command_id') c, COUNT(*) n FROM lead_events WHERE tenant_id = ? AND type = 'generated' GROUP BY c",
      ),
    ).toEqual(want);
    expect(
      await perCommand(
        "SELECT json_extract(payload, '$.command_id') c, json_extract(payload, '$.data.leads_count') n FROM outbox_events " +
          "WHERE tenant_id = ? AND event_type = 'lead_generation.completed'",
      ),
    ).toEqual(want);
  });

  it("with keywords as the only criterion, delivers only contacts that match one; with other criteria keywords only raise the score", async () => {
    await using workflows = await introspectCommands();
    const keywordsOnly = await setUp();
    const leadGenData = { targetAudience: {}, searchCriteria: { keywords: ["workflow automation"] } };
    const id = await run(keywordsOnly.t, keywordsOnly.request({ maxLeads: 20, leadGenData }));
    await settled(workflows, 1);
    const status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: keywordsOnly.t.liveKey })).json.data;
    expect(status.progress.leads_found).toBe(8);
    expect(status.leads_generated.map((l: any) => l.email).sort()).toEqual([
      "eve@ironbridge.example",
      "jane.smith@northwind-mfg.example",
      "jonas@alpenwerk.example",
      "ken@talentforge.example",
      "leo@ironbridge.example",
      "lisa@northwind-mfg.example",
      "mia@ironbridge.example",
      "raj@northwind-mfg.example",
    ]);
    for (const lead of status.leads_generated) {
      expect(lead.match_score).toBe(1);
      expect(lead.match_reasons).toEqual(["Keyword match: workflow automation"]);
    }

    const withRoles = await setUp();
    const roles = { targetAudience: { roles: ["CTO"] }, searchCriteria: { keywords: ["workflow automation"] } };
    const other = await run(withRoles.t, withRoles.request({ maxLeads: 20, leadGenData: roles }));
    await settled(workflows, 2);
    const ctos = (await call(`/api/agents/sales/leadGeneration/status/${other}`, { key: withRoles.t.liveKey })).json.data;
    const byEmail = Object.fromEntries(ctos.leads_generated.map((l: any) => [l.email, l]));
    expect(Object.keys(byEmail).sort()).toEqual([
      "al@nosite-mail.example",
      "bo@bigco.example",
      "ida@healthnet.example",
      "info@brightlane.example",
      "jane.smith@northwind-mfg.example",
      "jonas@alpenwerk.example",
      "ken@talentforge.example",
      "pia@tinyco.example",
      "ray@megarev.example",
      "sam.cole@gmail.com",
      "tom@brightlane.example",
    ]);
    expect(byEmail["bo@bigco.example"]).toMatchObject({ match_score: 0.83, match_reasons: ["Role match: CTO"] });
  });

  it("respects maxLeads and pages the leads", async () => {
    await using workflows = await introspectCommands();
    const { t, request } = await setUp();
    const id = await run(t, request({ maxLeads: 5 }));
    await settled(workflows, 1);
    const first = (await call(`/api/agents/sales/leadGeneration/leads/${id}?page=1&per_page=2`, { key: t.liveKey })).json.data;
    expect(first.pagination).toEqual({ total: 5, page: 1, per_page: 2, total_pages: 3 });
    const last = (await call(`/api/agents/sales/leadGeneration/leads/${id}?page=3&per_page=2`, { key: t.liveKey })).json.data;
    expect(last.leads).toHaveLength(1);
    const all = (await call(`/api/agents/sales/leadGeneration/leads/${id}`, { key: t.liveKey })).json.data.leads;
    expect(all).toHaveLength(5);
    for (const lead of all) expect(EXPECTED).toContain(lead.email);
  });

  it("records each stage's progress as it goes: a stage that keeps failing leaves the command in it, failed, at the last finished share", async () => {
    await using workflows = await introspectCommands({ stage: "verification", error: "verifier down", times: 4 });
    const { t, request } = await setUp();
    const id = await run(t, request());
    const [instance] = await workflows.get();
    await instance!.waitForStatus("errored");
    const status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data;
    expect(status).toMatchObject({
      status: "failed",
      progress: { stage: "verification", percentage: 40, leads_found: 8, leads_verified: 0 },
    });
    const row = await env.DB.prepare("SELECT error, stage_timings FROM lead_generation_commands WHERE id = ?").bind(id).first<any>();
    expect(row.error).toBe("The verification stage failed: verifier down");
    expect(Object.keys(JSON.parse(row.stage_timings)).sort()).toEqual(["analysis", "research"]);
  });

  it("completes when a stage fails twice and then succeeds: every lead delivered once, nothing lost", async () => {
    await using workflows = await introspectCommands({ stage: "delivery", error: "D1 overloaded", times: 2 });
    const { t, request } = await setUp();
    const id = await run(t, request({ maxLeads: 5 }));
    await settled(workflows, 1);
    const status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data;
    expect(status).toMatchObject({ status: "completed", progress: { stage: "completed", percentage: 100 } });
    const leads = (await call(`/api/agents/sales/leadGeneration/leads/${id}`, { key: t.liveKey })).json.data.leads;
    expect(leads).toHaveLength(5);
    expect(new Set(leads.map((l: any) => l.email)).size).toBe(5);
    expect(await count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?", t.id)).toBe(5);
    const completions = "SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead_generation.completed'";
    expect(await count(completions, t.id)).toBe(1);
  });

  it("cancels a command mid-run: nothing is delivered", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    // The command finds a higher-priority one ahead of it and waits (a real sleep) for its turn.
    await workflows.modifyAll((m) => m.mockStepResult({ name: "turn 0" }, 1));
    const { t, request } = await setUp();
    const id = await run(t, request({ priority: "low" }));
    const cancelled = await call(`/api/agents/sales/leadGeneration/${id}`, { key: t.liveKey, method: "DELETE" });
    expect(cancelled.json).toEqual({ success: true, data: { command_id: id, status: "cancelled" } });
    const [instance] = await workflows.get();
    await instance!.waitForStatus("terminated");
    expect((await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data.status).toBe("cancelled");
    expect(await count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ? AND source = 'lead_generation'", t.id)).toBe(0);
    const again = await call(`/api/agents/sales/leadGeneration/${id}`, { key: t.liveKey, method: "DELETE" });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("CONFLICT");
  });

  it("sends the seed's completion webhook, signed so the seed's own snippet verifies it, with the metadata echoed", async () => {
    await using generation = await introspectCommands();
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await deliveries.modifyAll((m) => m.disableSleeps());
    const { t, site, request } = await setUp();
    const inbox = crypto.randomUUID();
    await fetch(`https://receiver.test/configure/${inbox}`, {
      method: "POST",
      body: JSON.stringify({ secret: "your_webhook_secret_of_24_chars" }),
    });
    const id = await run(
      t,
      request({
        webhook: {
          url: `https://receiver.test/ok/${inbox}`,
          secret: "your_webhook_secret_of_24_chars",
          metadata: { campaign_id: "spring_2024", source: "uncodie_api" },
        },
      }),
    );
    await settled(generation, 1);
    await settled(deliveries, 1);
    const [delivery] = await received(inbox);
    expect(delivery.seed_snippet_verified).toBe(true);
    expect(delivery.standardwebhooks_verified).toBe(true);
    expect(JSON.parse(delivery.body)).toEqual({
      event: "lead_generation.completed",
      timestamp: expect.any(String),
      site_id: site.id,
      command_id: id,
      data: {
        status: "completed",
        completion_time: expect.any(String),
        leads_count: 8,
        summary: {
          average_match_score: expect.any(Number),
          verified_percentage: 75,
          industries_breakdown: { manufacturing: 2, saas: 3, technology: 1, industrial: 2 },
        },
      },
      metadata: { campaign_id: "spring_2024", source: "uncodie_api" },
    });
  });
});

describe("the demo pool", () => {
  it("answers the seed's request with 25 leads, every one from a company that matches", async () => {
    await using workflows = await introspectCommands();
    const t = await createTenant();
    const site = (await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
    const rows = demoPoolRows();
    expect((await call("/api/agents/sales/prospects/import", { key: t.liveKey, body: { rows } })).status).toBe(200);
    const id = await run(t, { ...SEED_REQUEST, siteId: site.id, userId: undefined });
    await settled(workflows, 1);
    const status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data;
    expect(status.progress.leads_found).toBe(72);
    expect(status.leads_generated).toHaveLength(25);
    const misses =
      /staffing|recruiting|colossus|titanworks|megaline|rheinwerk|alpenstahl|elbe|meadow|ledgerly|basket|wellspring|bigsky|skyward/i;
    for (const lead of status.leads_generated) {
      expect(lead.company).not.toMatch(misses);
      expect(lead.position).not.toBe("Marketing Manager");
      expect(lead.verified).toBe(true);
    }
  });
});

describe("verification", () => {
  it("looks up mail servers when LEADGEN_VERIFY_MX is on, and an address without them is not verified", async () => {
    const { t } = await setUp();
    const db = openDatabase(env.DB);
    const base = await actingFor(
      { db, env, now: new Date(), fetch: (i, init) => fetch(i, init), waitUntil: () => {} },
      { tenantId: t.id, testMode: false },
    );
    const candidate = (email: string, domain: string) =>
      ({ contactId: email, email, domain, matchScore: 1, matchReasons: [] }) as unknown as Shortlisted;
    const shortlist = [candidate("a@acme-mail.example", "acme-mail.example"), candidate("b@nomx-corp.example", "nomx-corp.example")];
    const off = await verify(base, shortlist);
    expect(off.map((v) => [v.verification.mx_found, v.verification.verified])).toEqual([
      [null, true],
      [null, true],
    ]);
    const on = await verify({ ...base, env: { ...env, LEADGEN_VERIFY_MX: "true" } as Env }, shortlist);
    expect(on.map((v) => [v.verification.mx_found, v.verification.verified])).toEqual([
      [true, true],
      [false, false],
    ]);
  });
});

describe("lead generation errors", () => {
  it("answers the seed's INVALID_REQUEST example when targetAudience is missing", async () => {
    const { t, request } = await setUp();
    const res = await call("/api/agents/sales/leadGeneration", {
      key: t.liveKey,
      body: request({ leadGenData: { searchCriteria: { keywords: ["x"] } } }),
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      success: false,
      error: {
        code: "INVALID_REQUEST",
        message: "Invalid request parameters",
        details: { field: "leadGenData.targetAudience", issue: "targetAudience object is required" },
      },
    });
  });

  it("names the field of a malformed request", async () => {
    const { t, request } = await setUp();
    const res = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: "many" }) });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "maxLeads" } });
  });

  it("refuses a webhook secret shorter than 24 characters, naming the field", async () => {
    const { t, request } = await setUp();
    const webhook = { url: "https://receiver.test/ok/short", secret: "hunter22" };
    const res = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ webhook }) });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "webhook.secret" } });
  });

  it("answers SITE_NOT_FOUND and USER_NOT_FOUND, including for another tenant's site", async () => {
    const { t, request } = await setUp();
    const other = await setUp();
    const seedSite = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: SEED_REQUEST });
    expect(seedSite.status).toBe(404);
    expect(seedSite.json.error.code).toBe("SITE_NOT_FOUND");
    const foreign = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ siteId: other.site.id }) });
    expect(foreign.json.error.code).toBe("SITE_NOT_FOUND");
    const user = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ userId: "user_nobody" }) });
    expect(user.status).toBe(404);
    expect(user.json.error).toMatchObject({ code: "USER_NOT_FOUND", details: { field: "userId" } });
  });

  it("answers in the documented order: a missing site or user before a profile with nothing to search for, that before the quota", async () => {
    const { t, request } = await setUp("starter");
    const nothing = { targetAudience: { locations: ["Canada"] } };
    const site = await call("/api/agents/sales/leadGeneration", {
      key: t.liveKey,
      body: request({ siteId: "site_nowhere", leadGenData: nothing }),
    });
    expect(site.status).toBe(404);
    expect(site.json.error).toMatchObject({ code: "SITE_NOT_FOUND", details: { field: "siteId" } });
    const user = await call("/api/agents/sales/leadGeneration", {
      key: t.liveKey,
      body: request({ userId: "user_nobody", leadGenData: nothing }),
    });
    expect(user.status).toBe(404);
    expect(user.json.error).toMatchObject({ code: "USER_NOT_FOUND", details: { field: "userId" } });
    const data = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: 101, leadGenData: nothing }) });
    expect(data.status).toBe(422);
    expect(data.json.error.code).toBe("INSUFFICIENT_DATA");
  });

  it("leaves no webhook endpoint behind when it refuses a command, so the command it accepts next shows the secret it signs with", async () => {
    await using workflows = await introspectCommands();
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await deliveries.modifyAll((m) => m.disableSleeps());
    const { t, request } = await setUp("starter");
    const inbox = crypto.randomUUID();
    const webhook = { url: `https://receiver.test/ok/${inbox}` };
    const refused = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: 101, webhook }) });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe("QUOTA_EXCEEDED");
    expect(await count("SELECT COUNT(*) n FROM webhook_endpoints WHERE tenant_id = ?", t.id)).toBe(0);

    const accepted = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: 5, webhook }) });
    expect(accepted.status).toBe(202);
    const issued = accepted.json.data.webhook;
    expect(issued).toEqual({ endpoint_id: expect.stringMatching(/^whk_/), secret: expect.stringMatching(/^whsec_/) });
    expect(await count("SELECT COUNT(*) n FROM webhook_endpoints WHERE tenant_id = ?", t.id)).toBe(1);
    await fetch(`https://receiver.test/configure/${inbox}`, { method: "POST", body: JSON.stringify({ secret: issued.secret }) });
    await settled(workflows, 1);
    await settled(deliveries, 1);
    const [delivery] = await received(inbox);
    expect(JSON.parse(delivery.body)).toMatchObject({ event: "lead_generation.completed", command_id: accepted.json.data.command_id });
    expect(delivery.seed_snippet_verified).toBe(true);
    expect(delivery.standardwebhooks_verified).toBe(true);
  });

  it("answers INSUFFICIENT_DATA for a profile with nothing to search for", async () => {
    const { t, request } = await setUp();
    const res = await call("/api/agents/sales/leadGeneration", {
      key: t.liveKey,
      body: request({ leadGenData: { targetAudience: { locations: ["Canada"] } } }),
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("INSUFFICIENT_DATA");
  });

  it("answers QUOTA_EXCEEDED past the plan's monthly leads, counting what processing commands reserved", async () => {
    await using workflows = await introspectCommands();
    const { t, request } = await setUp("starter");
    const [a, b] = await Promise.all([
      call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: 60 }) }),
      call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: 60 }) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 429]);
    const refused = a.status === 429 ? a : b;
    expect(refused.json.error.code).toBe("QUOTA_EXCEEDED");
    expect(refused.json.error.details).toEqual({ field: "maxLeads", issue: "40 leads left this month" });
    await settled(workflows, 1);
    // The command delivered 8 of its 60: what it did not use is free again.
    const next = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: 92 }) });
    expect(next.status).toBe(202);
    await settled(workflows, 2);
  });

  it("counts test-mode commands against their own monthly allowance, apart from live ones", async () => {
    await using workflows = await introspectCommands();
    const { t, request } = await setUp("starter");
    const site = (await call("/v1/sites", { key: t.testKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
    const user = (await call("/v1/users", { key: t.testKey, body: { name: "Sam Seller", email: "sam@acme.example" } })).json.data;
    const testRequest = (maxLeads: number) => request({ siteId: site.id, userId: user.id, maxLeads });
    // A CI job with a test key spends the whole allowance of its mode...
    expect((await call("/api/agents/sales/leadGeneration", { key: t.testKey, body: testRequest(100) })).status).toBe(202);
    const refused = await call("/api/agents/sales/leadGeneration", { key: t.testKey, body: testRequest(1) });
    expect(refused.status).toBe(429);
    expect(refused.json.error.details).toEqual({ field: "maxLeads", issue: "0 leads left this month" });
    // ...and the live allowance is untouched.
    expect((await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: 100 }) })).status).toBe(202);
    await settled(workflows, 2);
  });

  it("shows another tenant's command as not found everywhere", async () => {
    await using workflows = await introspectCommands();
    const { t, request } = await setUp();
    const other = await createTenant();
    const id = await run(t, request());
    await settled(workflows, 1);
    for (const [path, method] of [
      [`/api/agents/sales/command/${id}`, "GET"],
      [`/api/agents/sales/leadGeneration/status/${id}`, "GET"],
      [`/api/agents/sales/leadGeneration/leads/${id}`, "GET"],
      [`/api/agents/sales/leadGeneration/${id}`, "DELETE"],
    ] as const) {
      const res = await call(path, { key: other.liveKey, method });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
    }
    expect((await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.testKey })).status).toBe(404);
  });
});

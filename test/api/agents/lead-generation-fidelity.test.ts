import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SEED_REQUEST } from "../../../src/api/agents/lead-generation/schemas";
import { contains, placeOf, prospectPlace } from "../../../src/domain/lead-generation/places";
import { count } from "../../support/db";
import { call, createTenant, type TestTenant } from "../../support/http";
import { received, settled } from "../../support/workflows";

// Issue 21, items 11-15: what a client of the lead-generation seed trips over.

/** A prospect that fits the seed's profile in everything but where it is. */
const prospect = (key: string, where: Record<string, string>) => ({
  company: `${key} Systems`,
  domain: `${key}.example`,
  industry: "saas",
  employees: 120,
  revenue_usd: 5_000_000,
  keywords: "workflow automation",
  first_name: key,
  last_name: "Lee",
  title: "CTO",
  email: `cto@${key}.example`,
  ...where,
});

const POOL = [
  prospect("monterrey", { country: "Mexico", city: "Monterrey" }),
  prospect("berlin", { country: "Germany", city: "Berlin" }),
  prospect("vienna", { country: "Austria", city: "Vienna" }),
  prospect("singapore", { country: "Singapore" }),
  prospect("austin", { location: "Austin, TX, United States" }),
  prospect("toronto", { country: "Canada", state: "ON", city: "Toronto" }),
  prospect("paris", { country: "France", city: "Paris" }),
  prospect("lyon", { country: "France", city: "Lyon" }),
  prospect("saopaulo", { country: "Brazil", city: "Sao Paulo" }),
  prospect("denver", { country: "USA", region: "Colorado", city: "Denver" }),
];

/** The seed's own ids: the site and user are created with them. */
async function seedTenant(): Promise<TestTenant> {
  const t = await createTenant("growth");
  const site = await call("/v1/sites", { key: t.liveKey, body: { id: "site_456abc", name: "Acme", url: "https://acme.example" } });
  expect(site.status).toBe(201);
  const user = await call("/v1/users", { key: t.liveKey, body: { id: "user_123xyz", name: "Sam", email: "sam@acme.example" } });
  expect(user.status).toBe(201);
  const imported = await call("/api/agents/sales/prospects/import", { key: t.liveKey, body: { rows: POOL } });
  expect(imported.status).toBe(200);
  return t;
}

const withAudience = (audience: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...SEED_REQUEST,
  leadGenData: { ...SEED_REQUEST.leadGenData, targetAudience: { ...SEED_REQUEST.leadGenData.targetAudience, ...audience } },
  ...extra,
});

async function commands() {
  const workflows = await introspectWorkflow(env.LEAD_GENERATION);
  await workflows.modifyAll((m) => m.disableSleeps());
  return workflows;
}

describe("item 11: the locations real profiles use", () => {
  it("matches regions, states and provinces by name or code, and City, Country, to the prospects inside them", async () => {
    await using workflows = await commands();
    const t = await seedTenant();
    const body = withAudience({ locations: ["DACH", "Texas", "ON", "Paris, France", "APAC", "CO"] });
    const res = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body });
    expect(res.status).toBe(202);
    await settled(workflows, 1);
    const status = (await call(`/api/agents/sales/leadGeneration/status/${res.json.data.command_id}`, { key: t.liveKey })).json.data;
    const byEmail = Object.fromEntries(status.leads_generated.map((l: any) => [l.email, l]));
    expect(Object.keys(byEmail).sort()).toEqual([
      "cto@austin.example",
      "cto@berlin.example",
      "cto@denver.example",
      "cto@paris.example",
      "cto@singapore.example",
      "cto@toronto.example",
      "cto@vienna.example",
    ]);
    expect(byEmail["cto@austin.example"]).toMatchObject({
      location: "Austin, TX, United States",
      match_reasons: expect.arrayContaining(["Location match: Texas"]),
    });
    expect(byEmail["cto@toronto.example"].match_reasons).toContain("Location match: ON");
    expect(byEmail["cto@vienna.example"].match_reasons).toContain("Location match: DACH");
  });

  it("reads each form of a place the same way", () => {
    const at = (country: string | null, region: string | null, city: string | null) => prospectPlace(country, region, city);
    const cases: [string, ReturnType<typeof at>, boolean][] = [
      ["North America", at("Mexico", null, null), true],
      ["North America", at("United Kingdom", null, null), false],
      ["EMEA", at("South Africa", null, null), true],
      ["EMEA", at("Japan", null, null), false],
      ["APAC", at("Australia", null, null), true],
      ["LATAM", at("Brazil", null, null), true],
      ["LATAM", at("US", null, null), false],
      ["DACH", at("Switzerland", null, null), true],
      ["DACH", at("France", null, null), false],
      ["California", at("United States", "CA", "San Jose"), true],
      ["CA", at("Canada", null, null), true],
      ["US-CA", at("USA", "California", null), true],
      ["IL", at("United States", "Illinois", "Chicago"), true],
      ["Illinois", at("United States", null, "Chicago, IL"), true],
      ["Illinois", at("United States", "Texas", null), false],
      ["British Columbia", at("Canada", "BC", "Vancouver"), true],
      ["Quebec", at("Canada", "Québec", null), true],
      ["Chicago, IL", at("United States", "IL", "Chicago"), true],
      ["Chicago, IL", at("United States", "IL", "Springfield"), false],
      ["Leeds, UK", at("United Kingdom", null, "Leeds"), true],
      ["Leeds, UK", at("United States", null, "Leeds"), false],
      ["Chicago, IL, United States", at("USA", "Illinois", "Chicago"), true],
      ["Toronto", at("Canada", null, "Toronto"), true],
    ];
    for (const [target, place, inside] of cases) expect([target, contains(placeOf(target), place)]).toEqual([target, inside]);
  });

  it("refuses a companySize it cannot read, naming the field", async () => {
    const t = await seedTenant();
    const body = withAudience({ companySize: ["51-200", "mid-sized"] });
    const res = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      success: false,
      error: {
        code: "INVALID_REQUEST",
        message: expect.stringContaining('companySize "mid-sized" is not a size band'),
        details: { field: "leadGenData.targetAudience.companySize[1]", issue: expect.stringContaining("51-200") },
      },
    });
    for (const readable of ["51 – 200", "1,001-5,000 employees", "10001+"]) {
      const ok = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: withAudience({ companySize: [readable] }) });
      expect([readable, ok.status]).toEqual([readable, 202]);
    }
  });
});

describe("items 12-14: failures, progress and the webhook secret", () => {
  it("a failed command says why on the status and command endpoints and sends lead_generation.failed, signed with the secret shown once", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    await workflows.modifyAll(async (m) => {
      await m.disableSleeps();
      await m.disableRetryDelays();
      await m.mockStepError({ name: "verification" }, new Error("verifier down"), 4);
    });
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await deliveries.modifyAll((m) => m.disableSleeps());
    const t = await seedTenant();
    const inbox = crypto.randomUUID();
    const webhook = { url: `https://receiver.test/ok/${inbox}`, metadata: { campaign_id: "spring_2024" } };
    const res = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: { ...SEED_REQUEST, webhook } });
    expect(res.status).toBe(202);
    const { command_id: id, webhook: issued } = res.json.data;
    expect(issued).toEqual({ endpoint_id: expect.stringMatching(/^whk_/), secret: expect.stringMatching(/^whsec_/) });
    await fetch(`https://receiver.test/configure/${inbox}`, { method: "POST", body: JSON.stringify({ secret: issued.secret }) });

    const [instance] = await workflows.get();
    await instance!.waitForStatus("errored");
    const error = { code: "SYSTEM_ERROR", message: "The verification stage failed: verifier down" };
    const status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data;
    expect(status).toMatchObject({ status: "failed", progress: { stage: "verification", percentage: 40 }, error });
    const command = (await call(`/api/agents/sales/command/${id}`, { key: t.liveKey })).json.data;
    expect(command).toMatchObject({ task: "generate qualified sales leads", site_id: "site_456abc", error });

    await settled(deliveries, 1);
    const [delivery] = await received(inbox);
    expect(delivery.seed_snippet_verified).toBe(true);
    expect(delivery.standardwebhooks_verified).toBe(true);
    expect(JSON.parse(delivery.body)).toEqual({
      event: "lead_generation.failed",
      timestamp: expect.any(String),
      site_id: "site_456abc",
      command_id: id,
      data: { status: "failed", failure_time: expect.any(String), stage: "verification", error },
      metadata: { campaign_id: "spring_2024" },
    });
    // A second command to the same URL reuses the endpoint: its secret was shown once already.
    const again = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: { ...SEED_REQUEST, webhook } });
    expect(again.json.data.webhook).toEqual({ endpoint_id: issued.endpoint_id, secret: null });
  });

  it("shows the running stage while it runs, and says what the estimate rests on", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    // The research stage keeps failing, slowly retried: the command stays in it long enough to look.
    await workflows.modifyAll((m) => m.mockStepError({ name: "research" }, new Error("pool busy"), 4));
    const t = await seedTenant();
    const res = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: SEED_REQUEST });
    const id = res.json.data.command_id;
    let status: any;
    await expect
      .poll(
        async () => {
          status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data;
          return status.progress.stage;
        },
        { timeout: 10_000 },
      )
      .toBe("research");
    // Analysis finished (15 %), research is running; no command of this tenant has been measured yet.
    expect(status.progress).toMatchObject({ stage: "research", percentage: 15, estimate_basis: "defaults" });
    expect(status.progress.estimated_time_remaining).toMatch(/^00:00:0[1-5]$/);
    await call(`/api/agents/sales/leadGeneration/${id}`, { key: t.liveKey, method: "DELETE" });
  });

  it("rests the estimate on measured stage times once a command has completed", async () => {
    await using workflows = await commands();
    const t = await seedTenant();
    await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: { ...SEED_REQUEST, maxLeads: 2 } });
    await settled(workflows, 1);
    const second = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: { ...SEED_REQUEST, maxLeads: 2 } });
    await settled(workflows, 2);
    // The second as it was while its analysis ran: the first command measured every stage.
    const id = second.json.data.command_id;
    await env.DB.prepare("UPDATE lead_generation_commands SET status = 'processing', stage = 'analysis' WHERE id = ?").bind(id).run();
    const status = (await call(`/api/agents/sales/leadGeneration/status/${id}`, { key: t.liveKey })).json.data;
    expect(status.progress.estimate_basis).toBe("measured");
  });

  it("never lets a disabled endpoint for the webhook URL swallow the event: the command gets an endpoint of its own", async () => {
    await using workflows = await commands();
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await deliveries.modifyAll((m) => m.disableSleeps());
    const t = await seedTenant();
    const inbox = crypto.randomUUID();
    const url = `https://receiver.test/ok/${inbox}`;
    const made = await call("/v1/webhooks", { key: t.liveKey, body: { url, events: ["lead.scored"] } });
    expect(made.status).toBe(201);
    const disabledId = made.json.data.id ?? made.json.data.endpoint_id;
    expect((await call(`/v1/webhooks/${disabledId}`, { key: t.liveKey, method: "PATCH", body: { enabled: false } })).status).toBe(200);

    const res = await call("/api/agents/sales/leadGeneration", {
      key: t.liveKey,
      body: { ...SEED_REQUEST, maxLeads: 3, webhook: { url } },
    });
    const issued = res.json.data.webhook;
    expect(issued.endpoint_id).not.toBe(disabledId);
    expect(issued.secret).toMatch(/^whsec_/);
    await fetch(`https://receiver.test/configure/${inbox}`, { method: "POST", body: JSON.stringify({ secret: issued.secret }) });
    await settled(workflows, 1);
    await settled(deliveries, 1);
    const [delivery] = await received(inbox);
    expect(JSON.parse(delivery.body).event).toBe("lead_generation.completed");
    expect(delivery.standardwebhooks_verified).toBe(true);
    // The tenant's endpoint stays as the tenant left it.
    const kept = await env.DB.prepare("SELECT enabled FROM webhook_endpoints WHERE id = ?").bind(disabledId).first<number>("enabled");
    expect(kept).toBe(0);
  });
});

describe("item 15: caller-chosen site and user ids", () => {
  it("the seed's request works as written once its site and user exist under the seed's ids", async () => {
    await using workflows = await commands();
    const t = await seedTenant();
    const res = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: SEED_REQUEST });
    expect(res.status).toBe(202);
    expect(res.json.data.site_id).toBe("site_456abc");
    await settled(workflows, 1);
    const command = (await call(`/api/agents/sales/command/${res.json.data.command_id}`, { key: t.liveKey })).json.data;
    expect(command).toMatchObject({ userId: "user_123xyz", site_id: "site_456abc" });
    expect((await call("/v1/sites/site_456abc", { key: t.liveKey })).json.data).toMatchObject({ id: "site_456abc", name: "Acme" });
    expect((await call("/v1/users/user_123xyz", { key: t.liveKey })).json.data).toMatchObject({ id: "user_123xyz", name: "Sam" });
  });

  it("keeps ids unique per tenant: a taken id is a 409 naming id, another tenant may use it, a malformed one is refused", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const site = { id: "site_456abc", name: "Acme", url: "https://acme.example" };
    expect((await call("/v1/sites", { key: a.liveKey, body: site })).status).toBe(201);
    const taken = await call("/v1/sites", { key: a.liveKey, body: site });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ success: false, error: { code: "CONFLICT", details: { field: "id" } } });
    expect((await call("/v1/sites", { key: b.liveKey, body: site })).status).toBe(201);
    expect(await count("SELECT COUNT(*) n FROM sites WHERE id = 'site_456abc' AND tenant_id IN (?, ?)", a.id, b.id)).toBe(2);
    expect((await call("/v1/sites/site_456abc", { key: b.liveKey, method: "DELETE" })).status).toBe(200);
    expect((await call("/v1/sites/site_456abc", { key: a.liveKey })).status).toBe(200);

    const user = { id: "user_123xyz", name: "Sam", email: "sam@acme.example" };
    expect((await call("/v1/users", { key: a.liveKey, body: user })).status).toBe(201);
    const sameId = await call("/v1/users", { key: a.liveKey, body: { ...user, email: "other@acme.example" } });
    expect(sameId.status).toBe(409);
    expect(sameId.json.error.details.field).toBe("id");
    const sameEmail = await call("/v1/users", { key: a.liveKey, body: { ...user, id: "user_456" } });
    expect(sameEmail.json.error.details.field).toBe("email");
    expect((await call("/v1/users", { key: b.liveKey, body: user })).status).toBe(201);

    for (const id of ["site 456", "-site", "x".repeat(65), "site/1"]) {
      const bad = await call("/v1/sites", { key: a.liveKey, body: { ...site, id } });
      expect([id, bad.status, bad.json.error.details.field]).toEqual([id, 400, "id"]);
    }
  });
});

import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant, type TestTenant } from "./support/http";
import { settled } from "./support/workflows";

// Generated from the route table in /openapi.json: every tenant operation that takes an id is
// called by another tenant (and by the owner's test-mode key) with the owner's ids, and must
// answer 404; every list must leave the owner's ids out. A new route is covered as soon as it is
// documented; a new kind of id fails here until the owner's fixture creates one.

type Ids = Record<string, string>;

/** One of every resource for tenant `t`, through the API; answers each id by its path parameter. */
async function everything(t: TestTenant): Promise<{ ids: Ids; byPath: Record<string, Ids> }> {
  const key = t.liveKey;
  const post = async (path: string, body: unknown) => {
    const res = await call(path, { key, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.json;
  };
  const flow = await createFlow(key, { name: "Sweep", configuration: { steps: [{ type: "source", name: "Web" }, { type: "recipient", name: "crm", service: "http_post", settings: { url: "https://receiver.test/ok/sweep" } }] } });
  const stepId = (await call(`/api/v1/flows/${flow.id}`, { key })).json.configuration.steps[1].id as string;
  const lead = await post(`/api/v1/flows/${flow.id}/leads`, { lead: { email: `sweep-${t.id}@acme.example` } });
  const form = await post("/api/v1/forms", { flow_id: flow.id, name: "Sweep form" });
  const site = (await post("/v1/sites", { name: "Sweep", url: "https://sweep.example" })).data;
  const user = (await post("/v1/users", { name: "Sweeper", email: `sweeper-${t.id}@acme.example` })).data;
  const webhook = (await post("/v1/webhooks", { url: "https://receiver.test/ok/sweep-hook", events: ["lead.scored"] })).data;
  const sender = await post("/api/v1/senders", { name: "S", email: "s@acme.example" });
  const campaign = await post("/api/v1/campaigns", { name: "C", sender_id: sender.id, steps: [{ subject: "Hi", body: "Hello" }] });
  const member = (await post(`/api/v1/campaigns/${campaign.id}/leads`, { lead_ids: [lead.id], assignment: "PERSONALIZATION" })).added[0];
  const playground = await post(`/api/v1/campaigns/${campaign.id}/playground/generate`, { step_index: 1 });
  const status = (await post("/v1/config/statuses", { code: "sweep", name: "Sweep" })).data;
  const page = (await post("/v1/landing-pages", { name: "P", slug: "sweep" })).data;
  const opportunity = (await post("/v1/opportunities", { leadId: lead.id, name: "Deal" })).data;
  const workflow = (await post("/v1/workflows", (await post("/v1/campaigns/ai/generate-sequence", { prompt: "A 1-email note" })).data)).data;
  await post("/api/agents/sales/prospects/import", { rows: [{ company: "Pool Co", domain: "poolco.example", industry: "saas", email: "pat@poolco.example", title: "CTO" }] });
  const company = (await call("/api/agents/sales/prospects/companies", { key })).json.data.companies[0];
  const contact = (await call("/api/agents/sales/prospects/contacts", { key })).json.data.contacts[0];
  const provider = (await post("/api/agents/sales/providers", { name: "V", url: "https://prospects.provider.test/search" })).data;
  const command = (await post("/api/agents/sales/leadGeneration", { siteId: site.id, leadGenData: { targetAudience: { industries: ["saas"] } }, maxLeads: 1 })).data;
  const scoringBatch = (await post("/v1/leads/batch", { leads: [{ email: `batch-${t.id}@acme.example` }], async: false })).data;
  const model = (await post("/v1/models/train", {})).data;
  const ids: Ids = {
    flow_id: flow.id, step_id: stepId, lead_id: lead.id, form_id: form.id, site_id: site.id, user_id: user.id, webhook_id: webhook.id, delivery_id: "dlv_00000000000000000000000000",
    sender_id: sender.id, campaign_id: campaign.id, campaign_lead_id: member.id, batch_id: playground.batch_id, status_id: status.id, page_id: page.id, opportunity_id: opportunity.id,
    workflow_id: workflow.id, company_id: company.id, contact_id: contact.id, provider_id: provider.id, command_id: command.command_id,
  };
  // `{id}` and `{batch_id}` name different things on different paths.
  const byPath: Record<string, Ids> = {
    "/v1/leads/{id}": { id: lead.id }, "/v1/leads/{id}/outcome": { id: lead.id }, "/v1/models/{id}": { id: model.id }, "/v1/leads/batch/{batch_id}": { batch_id: scoringBatch.batch_id },
  };
  return { ids, byPath };
}

// Bodies that pass validation, so the answer is about ownership, not about the body.
const BODIES: Record<string, unknown> = {
  "POST /api/v1/flows/{flow_id}/leads": { lead: { email: "intruder@evil.example" } },
  "POST /api/v1/flows/{flow_id}/leads/batch": { leads: [{ lead: { email: "intruder@evil.example" } }] },
  "POST /api/v1/flows/{flow_id}/rules/explain": { lead: { email: "intruder@evil.example" } },
  "POST /api/v1/leads/{lead_id}/feedback": { type: "conversion" },
  "PATCH /api/v1/leads/{lead_id}": { status: "contacted" },
  "POST /v1/leads/{id}/outcome": { converted: true },
  "POST /api/v1/campaigns/{campaign_id}/leads": { lead_ids: ["lead_x"], assignment: "TEMPLATE" },
  "POST /api/v1/campaigns/{campaign_id}/playground/generate": { step_index: 1 },
};

async function sweep(owner: { ids: Ids; byPath: Record<string, Ids> }, intruderKey: string) {
  const doc = (await call("/openapi.json")).json;
  const failures: string[] = [];
  let swept = 0;
  for (const [template, operations] of Object.entries<any>(doc.paths)) {
    for (const [method, operation] of Object.entries<any>(operations)) {
      const tenantRoute = (operation.security ?? []).some((s: Record<string, unknown>) => "apiKey" in s);
      const params = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      if (!tenantRoute || params.length === 0) continue;
      const path = params.reduce((p, name) => {
        const id = owner.byPath[template]?.[name] ?? owner.ids[name];
        if (!id) throw new Error(`${template}: the sweep's fixture has no ${name}; create one in everything()`);
        return p.replace(`{${name}}`, id);
      }, template);
      const verb = method.toUpperCase();
      const body = BODIES[`${verb} ${template}`] ?? (verb === "POST" || verb === "PATCH" || verb === "PUT" ? (operation.requestBody?.content?.["application/json"]?.example ?? {}) : undefined);
      const res = await call(path, { key: intruderKey, method: verb, ...(body !== undefined ? { body } : {}) });
      swept++;
      const leaked = Object.values(owner.ids).some((id) => id.length > 8 && res.text.includes(id) && !path.includes(id));
      if (res.status !== 404 || leaked) failures.push(`${verb} ${template}: ${res.status}${leaked ? " and leaked an id" : ""} ${res.text.slice(0, 160)}`);
    }
  }
  // Lists never show the owner's rows.
  for (const [template, operations] of Object.entries<any>(doc.paths)) {
    const get = operations.get;
    if (!get || template.includes("{") || !(get.security ?? []).some((s: Record<string, unknown>) => "apiKey" in s)) continue;
    const res = await call(template, { key: intruderKey });
    const leaked = Object.entries(owner.ids).filter(([, id]) => id.length > 8 && res.text.includes(id));
    if (leaked.length > 0) failures.push(`GET ${template} lists the owner's ${leaked.map(([k]) => k).join(", ")}`);
  }
  return { failures, swept };
}

describe("tenant isolation, swept over every documented route", () => {
  it("another tenant, and the owner's test-mode key, get 404 for every id and never see the owner's rows", async () => {
    await using generation = await introspectWorkflow(env.LEAD_GENERATION);
    await generation.modifyAll((m) => m.disableSleeps());
    const owner = await createTenant("enterprise");
    const intruder = await createTenant("enterprise");
    const fixture = await everything(owner);
    await settled(generation, 1);
    const other = await sweep(fixture, intruder.liveKey);
    expect(other.failures).toEqual([]);
    expect(other.swept).toBeGreaterThan(60);
    const testMode = await sweep(fixture, owner.testKey);
    expect(testMode.failures).toEqual([]);
  });
});

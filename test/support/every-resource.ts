import { expect, vi } from "vitest";
import { call, createFlow, type TestTenant } from "./http";

// One of every resource a tenant can own, created through the API. The tenant-isolation sweep
// and the fuzzer address every id route with these ids.

export type Ids = Record<string, string>;

/** One of every resource for tenant `t` in one mode, through the API; answers each id by its path parameter. */
export async function everything(t: TestTenant, mode: "live" | "test" = "live"): Promise<{ ids: Ids; byPath: Record<string, Ids> }> {
  const key = mode === "live" ? t.liveKey : t.testKey;
  const post = async (path: string, body: unknown) => {
    const res = await call(path, { key, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.json;
  };
  const flow = await createFlow(key, {
    name: "Sweep",
    configuration: {
      steps: [
        { type: "source", name: "Web" },
        { type: "recipient", name: "crm", service: "http_post", settings: { url: "https://receiver.test/ok/sweep" } },
      ],
    },
  });
  const stepId = (await call(`/api/v1/flows/${flow.id}`, { key })).json.configuration.steps[1].id as string;
  const lead = await post(`/api/v1/flows/${flow.id}/leads`, { lead: { email: `sweep-${t.id}@acme.example` } });
  const form = await post("/api/v1/forms", { flow_id: flow.id, name: "Sweep form" });
  const site = (await post("/v1/sites", { name: "Sweep", url: "https://sweep.example" })).data;
  const user = (await post("/v1/users", { name: "Sweeper", email: `sweeper-${t.id}@acme.example` })).data;
  const webhook = (await post("/v1/webhooks", { url: "https://receiver.test/ok/sweep-hook", events: ["lead.scored"] })).data;
  // The sending domains are the tenant's, for both modes: only a live key sets them.
  await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["acme.example"] } });
  const sender = await post("/api/v1/senders", { name: "S", from_email: "s@acme.example" });
  const message = await post("/api/v1/messages", { sender_id: sender.id, lead_id: lead.id, subject: "Hi", text: "Hello" });
  const suppression = await post("/api/v1/suppressions", { email: `suppressed-${t.id}@acme.example` });
  const campaign = await post("/api/v1/campaigns", { name: "C", sender_id: sender.id, steps: [{ subject: "Hi", body: "Hello" }] });
  const member = (await post(`/api/v1/campaigns/${campaign.id}/leads`, { lead_ids: [lead.id], assignment: "PERSONALIZATION" })).added[0];
  const playground = await post(`/api/v1/campaigns/${campaign.id}/playground/generate`, { step_index: 1 });
  const send = (await call(`/api/v1/campaigns/${campaign.id}/steps/1/send`, { key, method: "POST" })).json;
  const status = (await post("/v1/config/statuses", { code: "sweep", name: "Sweep" })).data;
  const page = (await post("/v1/landing-pages", { name: "P", slug: "sweep" })).data;
  const opportunity = (await post("/v1/opportunities", { leadId: lead.id, name: "Deal" })).data;
  const workflow = (await post("/v1/workflows", (await post("/v1/campaigns/ai/generate-sequence", { prompt: "A 1-email note" })).data))
    .data;
  const sequence = (
    await post("/v1/workflows", {
      name: "Sweep sequence",
      nodes: [
        { nodeId: "t", type: "trigger", position: { x: 0, y: 0 }, data: { triggerType: "manual" } },
        { nodeId: "w", type: "wait", position: { x: 0, y: 0 }, data: { duration: 90, durationUnit: "days" } },
      ],
      edges: [{ edgeId: "e", source: "t", target: "w" }],
    })
  ).data;
  await call(`/v1/workflows/${sequence.id}/activate`, { key, method: "POST" });
  const enrollment = (await post(`/v1/workflows/${sequence.id}/enrollments`, { lead_ids: [lead.id] })).data.enrollments[0];
  await post("/api/agents/sales/prospects/import", {
    rows: [{ company: "Pool Co", domain: "poolco.example", industry: "saas", email: "pat@poolco.example", title: "CTO" }],
  });
  const company = (await call("/api/agents/sales/prospects/companies", { key })).json.data.companies[0];
  const contact = (await call("/api/agents/sales/prospects/contacts", { key })).json.data.contacts[0];
  const provider = (await post("/api/agents/sales/providers", { name: "V", url: "https://prospects.provider.test/search" })).data;
  const command = (
    await post("/api/agents/sales/leadGeneration", {
      siteId: site.id,
      leadGenData: { targetAudience: { industries: ["saas"] } },
      maxLeads: 1,
    })
  ).data;
  const scoringBatch = (await post("/v1/leads/batch", { leads: [{ email: `batch-${t.id}@acme.example` }], async: false })).data;
  const model = (await post("/v1/models/train", {})).data;
  const apiKey = await post("/api/v1/api-keys", { name: "Sweep", scopes: ["leads:read"] });
  // The scored lead's event reaches the webhook through the delivery Workflow, which logs a delivery.
  let delivery: { id: string } | undefined;
  await vi.waitFor(
    async () => {
      [delivery] = (await call(`/v1/webhooks/${webhook.id}/deliveries`, { key })).json.data;
      expect(delivery).toBeDefined();
    },
    { timeout: 10_000 },
  );
  const ids: Ids = {
    flow_id: flow.id,
    step_id: stepId,
    lead_id: lead.id,
    form_id: form.id,
    site_id: site.id,
    user_id: user.id,
    webhook_id: webhook.id,
    delivery_id: delivery!.id,
    sender_id: sender.id,
    message_id: message.id,
    email: suppression.email,
    campaign_id: campaign.id,
    campaign_lead_id: member.id,
    batch_id: playground.batch_id,
    step_index: "1",
    send_batch_id: send.send_batch_id,
    status_id: status.id,
    page_id: page.id,
    opportunity_id: opportunity.id,
    workflow_id: workflow.id,
    enrollment_id: enrollment.id,
    company_id: company.id,
    contact_id: contact.id,
    provider_id: provider.id,
    command_id: command.command_id,
    key_id: apiKey.id,
  };
  // `{id}` and `{batch_id}` name different things on different paths.
  const byPath: Record<string, Ids> = {
    "/v1/leads/{id}": { id: lead.id },
    "/v1/leads/{id}/outcome": { id: lead.id },
    "/v1/models/{id}": { id: model.id },
    "/v1/leads/batch/{batch_id}": { batch_id: scoringBatch.batch_id },
  };
  return { ids, byPath };
}

// The smoke suite's client checks: the committed client types against what the served
// /openapi.json generates, then the seeds' examples from clients/typescript/README.md run with the
// built @leadedge/client against wrangler dev, down to a real webhook delivery verified by the
// client's own helper.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateTypes, TYPES_FILE } from "../../scripts/client-types.mjs";
import { ROOT } from "../../scripts/lib/dev-server.mjs";

const CLIENT = join(ROOT, "clients/typescript");

/** Builds dist/ (tsc, about 2 s) and imports it as a user's .mjs would. */
async function buildClient() {
  const built = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(CLIENT, "tsconfig.json")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`client build failed:\n${built.stdout}\n${built.stderr}`);
  return import(pathToFileURL(join(CLIENT, "dist/index.js")).href);
}

const LEADGEN_ROWS = [
  {
    company: "Northwind Manufacturing",
    website: "https://northwind-mfg.example",
    industry: "manufacturing",
    headcount: 250,
    annual_revenue: "$15M",
    country: "USA",
    keywords: "workflow automation",
    first_name: "Jane",
    last_name: "Smith",
    job_title: "CTO",
    email: "jane.smith@northwind-mfg.example",
  },
  {
    company: "Brightlane",
    website: "brightlane.example",
    industry: "saas",
    headcount: 120,
    annual_revenue: 8000000,
    country: "Canada",
    keywords: "digital transformation",
    first_name: "Tom",
    last_name: "Reed",
    job_title: "VP Ops",
    email: "tom@brightlane.example",
  },
];

/**
 * @param {{ check: Function, assert: (c: unknown, m: string) => void, send: Function, url: (p: string) => string,
 *   waitFor: Function, admin: string, inbox: { path: string, headers: Record<string, string>, body: string }[], receiverUrl: string }} suite
 */
export async function clientChecks({ check, assert, send, url, waitFor, admin, inbox, receiverUrl }) {
  await check("client: the committed types are what the served /openapi.json generates", async () => {
    const served = await send("/openapi.json");
    const generated = await generateTypes(served.text);
    assert(generated === readFileSync(TYPES_FILE, "utf8"), "clients/typescript/src/openapi.ts is stale: run `npm run client:types`");
  });

  let sdk;
  let leadedge;
  const sent = [];
  await check("client: builds, imports from plain .mjs, and sends an Idempotency-Key on each POST", async () => {
    sdk = await buildClient();
    const tenant = await send("/admin/tenants", { key: admin, body: { name: "Client smoke", plan: "enterprise" } });
    assert(tenant.status === 201, `tenant: ${tenant.status} ${tenant.text}`);
    // The fetch records what the client sent, so the check sees the header it added.
    const recording = (request) => {
      sent.push({ method: request.method, path: new URL(request.url).pathname, key: request.headers.get("Idempotency-Key") });
      return fetch(request);
    };
    leadedge = sdk.createLeadedge({ apiKey: tenant.json.api_key, baseUrl: url(""), fetch: recording });
    const account = await sdk.unwrap(leadedge.GET("/api/v1/account"));
    assert(account.tenant.id === tenant.json.id, JSON.stringify(account));
  });

  let flowId;
  let leadId;
  await check("client: the submission seed's flow, lead and batch", async () => {
    const flow = await sdk.unwrap(
      leadedge.POST("/api/v1/flows", {
        body: {
          name: "Main Lead Processing Flow",
          settings: {
            acceptance_criteria: "lead.custom_field_12345 == 'premium_customer' && !email.is_disposable",
            pricing: { amount: 25, currency: "USD" },
          },
        },
      }),
    );
    flowId = flow.id;
    const lead = await sdk.unwrap(
      leadedge.POST("/api/v1/flows/{flow_id}/leads", {
        params: { path: { flow_id: flow.id } },
        body: {
          lead: {
            first_name: "John",
            last_name: "Doe",
            email: "john.doe@example.com",
            phone: "5551234567",
            source: "website_form",
            campaign: "summer_2024",
            custom_field_12345: "premium_customer",
          },
          trusted_form_cert_url: "https://cert.trustedform.com/...",
          options: { test_mode: false, async: true, timeout: 30000 },
        },
      }),
    );
    assert(lead.status === "accepted" && lead.pricing.amount === 25, JSON.stringify(lead));
    leadId = lead.id;
    const create = sent.find((r) => r.method === "POST" && r.path === `/api/v1/flows/${flow.id}/leads`);
    assert(/^[0-9a-f-]{36}$/.test(create?.key ?? ""), `Idempotency-Key sent: ${create?.key}`);
    const batch = await leadedge.POST("/api/v1/flows/{flow_id}/leads/batch", {
      params: { path: { flow_id: flow.id } },
      body: {
        leads: [
          {
            external_id: "lead_001",
            lead: { first_name: "John", email: "john@example.com", phone: "5551234567", custom_field_12345: "premium_customer" },
          },
          { external_id: "lead_002", lead: { email: "john.doe@example.com", custom_field_12345: "premium_customer" } },
        ],
        options: { continue_on_error: true, max_concurrent: 10 },
      },
    });
    assert(batch.response.status === 207 && batch.data.successful === 1, `batch: ${batch.response.status} ${JSON.stringify(batch.data)}`);
    assert(batch.data.results[1].error.code === "duplicate_detected", JSON.stringify(batch.data.results[1]));
  });

  await check("client: an explicit Idempotency-Key replays the first answer", async () => {
    const body = { lead: { email: "replay@acme.example" } };
    const options = { params: { path: { flow_id: flowId } }, body, headers: { "Idempotency-Key": "smoke-client-1" } };
    const first = await leadedge.POST("/api/v1/flows/{flow_id}/leads", options);
    const again = await leadedge.POST("/api/v1/flows/{flow_id}/leads", options);
    assert(first.data.id === again.data.id && again.response.headers.get("Idempotent-Replayed") === "true", "no replay");
  });

  await check("client: list.leads iterates every page of a search", async () => {
    const ids = [];
    for await (const lead of leadedge.list.leads({ flow_id: flowId }, 1)) ids.push(lead.id);
    const onePage = await sdk.unwrap(leadedge.GET("/api/v1/leads", { params: { query: { flow_id: flowId, limit: 100 } } }));
    assert(onePage.total_count > 1 && ids.length === onePage.total_count && new Set(ids).size === ids.length, `leads: ${ids}`);
    assert(ids.join() === onePage.leads.map((l) => l.id).join() && ids.includes(leadId), `pages: ${ids} vs ${JSON.stringify(onePage)}`);
  });

  await check("client: the scoring seed's analyze example", async () => {
    const analyzed = await sdk.unwrap(
      leadedge.POST("/v1/leads/analyze", {
        body: {
          leads: [
            {
              name: "John Doe",
              email: "john@example.com",
              phone: "+1234567890",
              company: "TechCorp",
              industry: "Technology",
              revenue: 5000000,
              employees: 50,
              engagement_score: 75,
              last_interaction: "2025-11-01",
            },
          ],
          options: { include_predictions: true, include_recommendations: true },
        },
      }),
    );
    assert(analyzed.status === "success" && analyzed.data.summary.total_leads === 1, JSON.stringify(analyzed));
  });

  await check("client: a lead-generation command, its status, its leads, and its webhook verified by verifyWebhook", async () => {
    await sdk.unwrap(leadedge.POST("/api/agents/sales/prospects/import", { body: { rows: LEADGEN_ROWS } }));
    const site = await sdk.unwrap(leadedge.POST("/v1/sites", { body: { name: "Acme", url: "https://acme.example" } }));
    const secret = "your_webhook_secret_of_24_chars";
    const created = await sdk.unwrap(
      leadedge.POST("/api/agents/sales/leadGeneration", {
        body: {
          siteId: site.data.id,
          leadGenData: {
            targetAudience: {
              industries: ["saas", "tech", "manufacturing"],
              companySize: ["51-200", "201-500"],
              roles: ["CTO", "Head of Engineering", "VP of Operations"],
              locations: ["United States", "Canada", "United Kingdom"],
            },
            searchCriteria: { keywords: ["digital transformation", "workflow automation"], minRevenueUSD: 1000000, hasWebsite: true },
          },
          maxLeads: 25,
          priority: "high",
          webhook: { url: `${receiverUrl}/client-leadgen`, secret, metadata: { campaign_id: "spring_2024" } },
        },
      }),
    );
    const commandId = created.data.command_id;
    const done = await waitFor(async () => {
      const status = await sdk.unwrap(
        leadedge.GET("/api/agents/sales/leadGeneration/status/{command_id}", { params: { path: { command_id: commandId } } }),
      );
      return status.data.status === "completed" ? status : null;
    });
    assert(done, "the command did not complete within 20 s");
    const leads = await sdk.all(leadedge.list.leadGenerationLeads(commandId, 1));
    assert(leads.length === done.data.leads_generated.length && leads.length === 2, `leads: ${JSON.stringify(leads)}`);
    const delivery = await waitFor(() => inbox.find((r) => r.path === "/client-leadgen"));
    assert(delivery, "no lead_generation.completed webhook within 20 s");
    assert(delivery.headers["uncodie-signature"] && delivery.headers["webhook-signature"], "signature headers missing");
    const event = await sdk.verifyWebhook(secret, delivery.body, delivery.headers);
    assert(event.command_id === commandId && event.metadata.campaign_id === "spring_2024", delivery.body);
  });

  await check("client: a real webhook delivery verified, and a tampered one refused", async () => {
    const endpoint = await sdk.unwrap(
      leadedge.POST("/v1/webhooks", { body: { url: `${receiverUrl}/client-hooks`, events: ["lead.accepted"] } }),
    );
    const lead = await sdk.unwrap(
      leadedge.POST("/api/v1/flows/{flow_id}/leads", {
        params: { path: { flow_id: flowId } },
        body: { lead: { email: "hooked-client@acme.example", custom_field_12345: "premium_customer" } },
      }),
    );
    const delivery = await waitFor(() => inbox.find((r) => r.path === "/client-hooks" && JSON.parse(r.body).lead_id === lead.id));
    assert(delivery, "no webhook delivery arrived within 20 s");
    const event = await sdk.verifyWebhook(endpoint.data.secret, delivery.body, delivery.headers);
    assert(event.lead_id === lead.id, delivery.body);
    let refused = false;
    try {
      await sdk.verifyWebhook(endpoint.data.secret, delivery.body.replace(lead.id, "lead_forged"), delivery.headers);
    } catch (error) {
      refused = error instanceof sdk.WebhookVerificationError;
    }
    assert(refused, "a tampered body verified");
  });

  await check("client: the playground seed's run and its drafts through list.drafts", async () => {
    const lead = await sdk.unwrap(
      leadedge.POST("/v1/leads/analyze", { body: { leads: [{ email: "pat@client.example", first_name: "Pat" }] } }),
    );
    const campaign = await sdk.unwrap(
      leadedge.POST("/api/v1/campaigns", {
        body: {
          name: "Client smoke",
          steps: Array.from({ length: 16 }, (_, i) => ({ subject: `Step ${i + 1} for {{lead.first_name}}`, body: "Hi" })),
        },
      }),
    );
    const path = { campaign_id: campaign.id };
    await sdk.unwrap(
      leadedge.POST("/api/v1/campaigns/{campaign_id}/leads", {
        params: { path },
        body: { lead_ids: [lead.data.leads[0].id], assignment: "PERSONALIZATION" },
      }),
    );
    const run = await sdk.unwrap(
      leadedge.POST("/api/v1/campaigns/{campaign_id}/playground/generate", {
        params: { path },
        body: { step_index: 16, n_leads: 50, custom_prompt: "<string>" },
      }),
    );
    assert(run.total === 1 && /^[0-9a-f-]{36}$/.test(run.batch_id), JSON.stringify(run));
    const drafts = await waitFor(async () => {
      const found = await sdk.all(leadedge.list.drafts(campaign.id, { batch_id: run.batch_id }));
      return found.length === 1 ? found : null;
    });
    assert(drafts?.[0].subject === "Step 16 for Pat", `drafts: ${JSON.stringify(drafts)}`);
  });

  await check("client: GET /api/v1/account/usage counts one more lead after one more submission", async () => {
    const before = await sdk.unwrap(leadedge.GET("/api/v1/account/usage"));
    await sdk.unwrap(
      leadedge.POST("/api/v1/flows/{flow_id}/leads", {
        params: { path: { flow_id: flowId } },
        body: { lead: { email: "usage@acme.example" } },
      }),
    );
    const after = await sdk.unwrap(leadedge.GET("/api/v1/account/usage"));
    assert(
      before.leads_received > 0 && after.leads_received === before.leads_received + 1,
      `${JSON.stringify(before)} then ${JSON.stringify(after)}`,
    );
    // Enterprise has no request windows; the lead-generation command above delivered 2 leads.
    assert(after.requests.length === 0 && after.lead_generation.used === 2, JSON.stringify(after));
  });
}

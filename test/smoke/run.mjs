// Smoke suite against a real `wrangler dev` on loopback: what vitest's pool cannot prove (the
// production runtime forbids code generation from strings, bundling, real bindings). Starts its own
// server on a fresh local state, creates a tenant through the admin API, exercises each family and
// email through a real SMTP server (email.mjs), lints the served OpenAPI document with Redocly, and
// stops the server.
import { spawnSync } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { ROOT, startDevServer } from "../../scripts/lib/dev-server.mjs";
import { clientChecks } from "./client.mjs";
import { emailChecks } from "./email.mjs";
import { intakeRaceChecks } from "./intake-races.mjs";
import { quotaChecks } from "./quotas.mjs";
import { sequenceChecks } from "./sequences.mjs";

const ADMIN = "smoke-admin-token";
const state = mkdtempSync(join(tmpdir(), "leadedge-smoke-"));
const results = [];

async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✗ ${name}\n    ${error instanceof Error ? error.message : error}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// A receiver on loopback for webhooks and lead recipients: records every request it gets.
const inbox = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    inbox.push({ path: req.url, headers: req.headers, body });
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ status: "accepted" }));
  });
});
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}`;
async function waitFor(predicate, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = await predicate();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}

const server = await startDevServer({
  port: Number(process.env.SMOKE_PORT ?? 8799),
  persistTo: state,
  // SEQUENCE_TIME_SCALE: a sequence's 2-day wait lasts about 17 s (sequences.mjs).
  vars: { ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_WEBHOOKS: "true", SEQUENCE_TIME_SCALE: "0.0001" },
});
const url = (path) => `${server.url}${path}`;
async function send(path, { key, body, method, headers = {} } = {}) {
  const res = await fetch(url(path), {
    method: method ?? (body ? "POST" : "GET"),
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, text, json };
}

console.log(`smoke: wrangler dev on ${server.url}`);
try {
  let tenant;
  await check("admin API creates a tenant with live and test keys", async () => {
    const res = await send("/admin/tenants", { key: ADMIN, body: { name: "Acme Corp", plan: "starter", slug: "acme-corp" } });
    assert(res.status === 201, `status ${res.status}: ${res.text}`);
    assert(/^lk_live_/.test(res.json.api_key) && /^lk_test_/.test(res.json.test_api_key), "keys missing");
    tenant = res.json;
  });

  await check("submission family: /api/v1/account with quota headers, 401 in its dialect", async () => {
    const ok = await send("/api/v1/account", { key: tenant.api_key });
    assert(ok.status === 200 && ok.json.tenant.id === tenant.id, `status ${ok.status}: ${ok.text}`);
    assert(ok.headers.get("x-ratelimit-limit") === "100" && ok.headers.get("x-ratelimit-remaining") === "99", "rate-limit headers");
    const no = await send("/api/v1/account");
    assert(no.status === 401 && no.json.error.code === "unauthorized" && no.json.error.request_id, no.text);
  });

  await check("generation & config family: the seed's X-Tenant-Id slug header, create + idempotent replay", async () => {
    const headers = { "X-Tenant-Id": "acme-corp", "Idempotency-Key": "smoke-1" };
    const body = { name: "Acme Automation", url: "https://acme-automation.example" };
    const first = await send("/v1/sites", { key: tenant.api_key, body, headers });
    assert(first.status === 201 && first.json.success === true, `status ${first.status}: ${first.text}`);
    const again = await send("/v1/sites", { key: tenant.api_key, body, headers });
    assert(again.text === first.text && again.headers.get("idempotent-replayed") === "true", "no replay");
    const bad = await send("/v1/users", { key: tenant.api_key, body: { name: "X" } });
    assert(bad.status === 400 && bad.json.error.code === "INVALID_REQUEST" && bad.json.error.details.field === "email", bad.text);
  });

  await check("AI generation seeds with X-Tenant-Id: a sequence /v1/workflows accepts, statuses /v1/config/statuses accepts", async () => {
    const headers = { "X-Tenant-Id": "acme-corp" };
    const sequence = await send("/v1/campaigns/ai/generate-sequence", {
      key: tenant.api_key,
      headers,
      body: {
        prompt: "A 5-email cold outreach sequence for B2B SaaS targeting CTOs. Include follow-ups based on email engagement.",
        industry: "B2B SaaS",
        tone: "professional and friendly",
        emailCount: "5",
      },
    });
    assert(sequence.status === 200 && sequence.json.provenance.source === "template", `sequence: ${sequence.status} ${sequence.text}`);
    const saved = await send("/v1/workflows", { key: tenant.api_key, headers, body: sequence.json.data });
    assert(saved.status === 201, `workflow: ${saved.status} ${saved.text}`);
    const statuses = await send("/v1/config/ai/generate-statuses", {
      key: tenant.api_key,
      headers,
      body: { prompt: "We're a B2B SaaS company. Leads come from website forms, events, and referrals. We qualify, demo, and close." },
    });
    const created = await send("/v1/config/statuses", { key: tenant.api_key, headers, body: statuses.json.data });
    assert(created.status === 201 && created.json.data.statuses.length === 6, `statuses: ${created.status} ${created.text}`);
  });

  await check("campaigns: the playground seed's request through the real queue to drafts", async () => {
    const lead = (
      await send("/v1/leads/analyze", {
        key: tenant.api_key,
        body: { leads: [{ email: "pat@playground.example", first_name: "Pat", company: "Corp" }] },
      })
    ).json.data.leads[0].id;
    const steps = Array.from({ length: 16 }, (_, i) => ({
      subject: `Step ${i + 1} for {{lead.first_name}}`,
      body: "Hello {{lead.first_name}} at {{lead.company}}",
    }));
    const campaign = await send("/api/v1/campaigns", { key: tenant.api_key, body: { name: "Smoke", steps } });
    assert(campaign.status === 201, `campaign: ${campaign.status} ${campaign.text}`);
    await send(`/api/v1/campaigns/${campaign.json.id}/leads`, {
      key: tenant.api_key,
      body: { lead_ids: [lead], assignment: "PERSONALIZATION" },
    });
    const generated = await send(`/api/v1/campaigns/${campaign.json.id}/playground/generate`, {
      key: tenant.api_key,
      body: { step_index: 16, n_leads: 50, custom_prompt: "<string>" },
    });
    assert(
      generated.status === 200 && generated.json.total === 1 && /^[0-9a-f-]{36}$/.test(generated.json.batch_id),
      `generate: ${generated.status} ${generated.text}`,
    );
    const done = await waitFor(async () => {
      const drafts = await send(`/api/v1/campaigns/${campaign.json.id}/drafts?batch_id=${generated.json.batch_id}`, {
        key: tenant.api_key,
      });
      return drafts.json.drafts.length === 1 ? drafts : null;
    });
    assert(done && done.json.drafts[0].subject === "Step 16 for Pat", `drafts: ${done?.text}`);
  });

  await check("scoring and agents families answer in their own dialects", async () => {
    const scoring = await send("/v1/leads/lead_abc123");
    assert(scoring.status === 401 && scoring.json.status === "error", scoring.text);
    const agents = await send("/api/agents/sales/leadGeneration/status/cmd_abc123def456", { key: "lk_live_bad" });
    assert(agents.status === 401 && agents.json.success === false && agents.json.error.code === "UNAUTHORIZED", agents.text);
  });

  await check("413, 405 and malformed JSON under the real runtime", async () => {
    const big = await fetch(url("/v1/sites"), {
      method: "POST",
      headers: { Authorization: `Bearer ${tenant.api_key}`, "Content-Type": "application/json" },
      body: "x".repeat(1024 * 1024 + 1),
    });
    assert(big.status === 413, `413 expected, got ${big.status}`);
    const wrong = await send("/v1/sites", { key: tenant.api_key, method: "PUT" });
    assert(wrong.status === 405 && wrong.headers.get("allow") === "POST, GET", `${wrong.status} ${wrong.headers.get("allow")}`);
    const malformed = await fetch(url("/v1/sites"), {
      method: "POST",
      headers: { Authorization: `Bearer ${tenant.api_key}`, "Content-Type": "application/json" },
      body: "{",
    });
    assert(malformed.status === 400, `400 expected, got ${malformed.status}`);
  });

  await check("submission family: seed lead through a flow with CEL criteria (no eval in production)", async () => {
    const flow = await send("/api/v1/flows", {
      key: tenant.api_key,
      body: {
        name: "Main Lead Processing Flow",
        settings: {
          acceptance_criteria: "lead.custom_field_12345 == 'premium_customer' && !email.is_disposable",
          pricing: { amount: 25, currency: "USD" },
        },
      },
    });
    assert(flow.status === 201, `flow: ${flow.status} ${flow.text}`);
    const seed = {
      lead: {
        first_name: "John",
        last_name: "Doe",
        email: "john.doe@example.com",
        phone: "5551234567",
        address: "123 Main St",
        city: "Anytown",
        state: "CA",
        postal_code: "90210",
        source: "website_form",
        campaign: "summer_2024",
        custom_field_12345: "premium_customer",
      },
      trusted_form_cert_url: "https://cert.trustedform.com/...",
      options: { test_mode: false, async: true, timeout: 30000 },
    };
    const lead = await send(`/api/v1/flows/${flow.json.id}/leads`, { key: tenant.api_key, body: seed });
    assert(lead.status === 201 && lead.json.status === "accepted" && lead.json.pricing.amount === 25, `lead: ${lead.status} ${lead.text}`);
    const explain = await send(`/api/v1/flows/${flow.json.id}/rules/explain`, {
      key: tenant.api_key,
      body: { lead: { email: "x@mailinator.com", custom_field_12345: "basic" } },
    });
    assert(
      explain.status === 200 && explain.json.checks.filter((c) => !c.passed).length === 2,
      `explain: ${explain.status} ${explain.text}`,
    );
    const batch = await send(`/api/v1/flows/${flow.json.id}/leads/batch`, {
      key: tenant.api_key,
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
    assert(
      batch.status === 207 && batch.json.successful === 1 && batch.json.results[1].error.code === "duplicate_detected",
      `batch: ${batch.status} ${batch.text}`,
    );
    const found = await send(
      `/api/v1/leads?flow_id=${flow.json.id}&created_after=2024-01-01T00:00:00Z&status=accepted&limit=100&offset=0`,
      { key: tenant.api_key },
    );
    assert(found.status === 200 && found.json.total_count === 2, `search: ${found.status} ${found.text}`);
    const detail = await send(`/api/v1/leads/${lead.json.id}`, { key: tenant.api_key });
    assert(detail.status === 200 && detail.json.lead_data.phone === "+15551234567", `detail: ${detail.status} ${detail.text}`);
  });

  await check("webhooks: a signed delivery through the delivery Workflow, verified by standardwebhooks", async () => {
    const endpoint = await send("/v1/webhooks", { key: tenant.api_key, body: { url: `${receiverUrl}/hooks`, events: ["lead.accepted"] } });
    assert(endpoint.status === 201 && endpoint.json.status === "success", `endpoint: ${endpoint.status} ${endpoint.text}`);
    const flow = await send("/api/v1/flows", { key: tenant.api_key, body: { name: "Hooked" } });
    const lead = await send(`/api/v1/flows/${flow.json.id}/leads`, {
      key: tenant.api_key,
      body: { lead: { email: "hooked@acme.example" } },
    });
    assert(lead.status === 201, `lead: ${lead.status} ${lead.text}`);
    const delivery = await waitFor(() => inbox.find((r) => r.path === "/hooks" && JSON.parse(r.body).lead_id === lead.json.id));
    assert(delivery, "no webhook delivery arrived within 20 s");
    new Webhook(endpoint.json.data.secret).verify(delivery.body, delivery.headers);
  });

  await check("scoring: the seed's analyze example, and an async batch through the real queue to a signed completion webhook", async () => {
    const analyze = await send("/v1/leads/analyze", {
      key: tenant.api_key,
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
    });
    assert(analyze.status === 200 && analyze.json.data.summary.total_leads === 1, `analyze: ${analyze.status} ${analyze.text}`);
    const leads = Array.from({ length: 150 }, (_, i) => ({
      email: `smoke${i}@batch.example`,
      employees: i * 10,
      engagement_score: i % 100,
    }));
    const batch = await send("/v1/leads/batch", {
      key: tenant.api_key,
      body: { leads, async: true, webhook_url: `${receiverUrl}/batch-done` },
    });
    assert(batch.status === 202 && batch.json.data.webhook.secret, `batch: ${batch.status} ${batch.text}`);
    const done = await waitFor(async () => {
      const view = await send(batch.json.data.status_url, { key: tenant.api_key });
      return view.json.data.status === "completed" ? view : null;
    });
    assert(done && done.json.data.results.leads.length === 150, "the batch did not complete within 20 s");
    const delivery = await waitFor(() => inbox.find((r) => r.path === "/batch-done"));
    assert(delivery, "no completion webhook arrived within 20 s");
    new Webhook(batch.json.data.webhook.secret).verify(delivery.body, delivery.headers);
    assert(JSON.parse(delivery.body).data.scored_leads === 150, delivery.body);
  });

  await check("lead generation: CSV import, the seed's command through the real Workflow, and its Uncodie-signed webhook", async () => {
    const csv = [
      "company,website,industry,headcount,annual_revenue,country,keywords,first_name,last_name,job_title,email",
      "Northwind Manufacturing,https://northwind-mfg.example,manufacturing,250,$15M,USA,workflow automation,Jane,Smith,CTO,jane.smith@northwind-mfg.example",
      "Brightlane,brightlane.example,saas,120,8000000,Canada,digital transformation,Tom,Reed,VP Ops,tom@brightlane.example",
      "Talentforge,talentforge.example,technology,200,9000000,USA,staffing,Ken,Ito,CTO,ken@talentforge.example",
      ",,,,,,,,,,not-an-email",
    ].join("\n");
    const imported = await fetch(url("/api/agents/sales/prospects/import"), {
      method: "POST",
      headers: { Authorization: `Bearer ${tenant.api_key}`, "Content-Type": "text/csv" },
      body: csv,
    });
    const report = await imported.json();
    assert(
      imported.status === 207 && report.data.contacts_created === 3 && report.data.errors[0].row === 5,
      `import: ${imported.status} ${JSON.stringify(report)}`,
    );
    const site = await send("/v1/sites", { key: tenant.api_key, body: { name: "Acme", url: "https://acme.example" } });
    const seed = {
      siteId: site.json.data.id,
      leadGenData: {
        targetAudience: {
          industries: ["saas", "tech", "manufacturing"],
          companySize: ["51-200", "201-500"],
          roles: ["CTO", "Head of Engineering", "VP of Operations"],
          locations: ["United States", "Canada", "United Kingdom"],
          interests: ["automation", "efficiency", "cost-reduction"],
        },
        searchCriteria: {
          keywords: ["digital transformation", "workflow automation"],
          excludedTerms: ["recruiting", "staffing"],
          minRevenueUSD: 1000000,
          maxRevenueUSD: 50000000,
          hasWebsite: true,
        },
      },
      maxLeads: 25,
      priority: "high",
      webhook: {
        url: `${receiverUrl}/leadgen`,
        secret: "your_webhook_secret_of_24_chars",
        metadata: { campaign_id: "spring_2024", source: "uncodie_api" },
      },
    };
    const created = await send("/api/agents/sales/leadGeneration", { key: tenant.api_key, body: seed });
    assert(created.status === 202 && created.json.data.status === "processing", `command: ${created.status} ${created.text}`);
    const done = await waitFor(async () => {
      const status = await send(`/api/agents/sales/leadGeneration/status/${created.json.data.command_id}`, { key: tenant.api_key });
      return status.json.data.status === "completed" ? status : null;
    });
    assert(
      done &&
        done.json.data.leads_generated
          .map((l) => l.email)
          .sort()
          .join() === "jane.smith@northwind-mfg.example,tom@brightlane.example",
      `status: ${done?.text}`,
    );
    const delivery = await waitFor(() => inbox.find((r) => r.path === "/leadgen"));
    assert(delivery, "no lead_generation.completed webhook within 20 s");
    // The seed's verification snippet, as written.
    const signature = delivery.headers["uncodie-signature"];
    const payload = JSON.stringify(JSON.parse(delivery.body));
    // biome-ignore lint/style/useTemplate: the seed's snippet, as written
    const expected = "sha256=" + createHmac("sha256", "your_webhook_secret_of_24_chars").update(payload).digest("hex");
    assert(timingSafeEqual(Buffer.from(signature), Buffer.from(expected)), "Uncodie-Signature does not verify");
    assert(JSON.parse(delivery.body).metadata.campaign_id === "spring_2024", delivery.body);
  });

  await check("recipients: a synchronous submission reports its delivery to the buyer", async () => {
    const flow = await send("/api/v1/flows", {
      key: tenant.api_key,
      body: {
        name: "Sold",
        configuration: {
          steps: [
            {
              type: "recipient",
              name: "buyer_crm_system",
              settings: { url: `${receiverUrl}/buyer`, response: { json_path: "status", json_value: "accepted" } },
            },
          ],
        },
      },
    });
    assert(flow.status === 201, `flow: ${flow.status} ${flow.text}`);
    const lead = await send(`/api/v1/flows/${flow.json.id}/leads`, {
      key: tenant.api_key,
      body: { lead: { email: "sold@acme.example" }, options: { async: false, timeout: 15000 } },
    });
    const delivered = lead.json?.events?.find((e) => e.type === "delivered");
    assert(
      lead.status === 201 && delivered?.recipient === "buyer_crm_system" && delivered.response_code === 200,
      `lead: ${lead.status} ${lead.text}`,
    );
  });

  await check("forms: an HTML form post becomes a lead and redirects to the thank-you page", async () => {
    const flow = await send("/api/v1/flows", { key: tenant.api_key, body: { name: "Landing" } });
    const form = await send("/api/v1/forms", {
      key: tenant.api_key,
      body: { flow_id: flow.json.id, name: "Landing form", redirect_url: "https://www.acme.example/thanks" },
    });
    assert(form.status === 201, `form: ${form.status} ${form.text}`);
    const posted = await fetch(url(`/f/${form.json.id}`), {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "first_name=Ada&email=ada%40acme.example&website=",
    });
    assert(posted.status === 303 && posted.headers.get("location") === "https://www.acme.example/thanks", `post: ${posted.status}`);
    const found = await send(`/api/v1/leads?flow_id=${flow.json.id}`, { key: tenant.api_key });
    assert(found.json.total_count === 1, `leads: ${found.text}`);
  });

  await emailChecks({ check, assert, send, url, waitFor, admin: ADMIN });
  await intakeRaceChecks({ check, assert, send, admin: ADMIN });
  await quotaChecks({ check, assert, send, admin: ADMIN });
  await clientChecks({ check, assert, send, url, waitFor, admin: ADMIN, inbox, receiverUrl });
  await sequenceChecks({ check, assert, send, url, waitFor, admin: ADMIN });

  await check("/docs serves the Scalar reference page", async () => {
    const res = await send("/docs");
    assert(res.status === 200 && res.text.includes("/openapi.json"), `status ${res.status}`);
  });

  await check("/openapi.json lints clean with Redocly", async () => {
    const res = await send("/openapi.json");
    assert(res.status === 200 && res.json.openapi === "3.1.0", `status ${res.status}`);
    const file = join(state, "openapi.json");
    writeFileSync(file, res.text);
    const lint = spawnSync(
      join(ROOT, "node_modules/.bin/redocly"),
      ["lint", "--config", join(ROOT, "redocly.yaml"), "--format", "stylish", file],
      { encoding: "utf8", env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
    );
    assert(lint.status === 0, `redocly lint failed:\n${lint.stdout}\n${lint.stderr}`);
    assert(!/warning/i.test(lint.stdout), `redocly lint warnings:\n${lint.stdout}`);
  });
} finally {
  server.stop();
  receiver.close();
  rmSync(state, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`smoke: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

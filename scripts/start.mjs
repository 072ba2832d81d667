// `npm start`: the API on http://127.0.0.1:8787 through `wrangler dev`, with local D1 migrated and a
// demo tenant created on first start (its keys are kept in .wrangler/demo-tenant.json and printed).
// MailDev runs beside it (SMTP 127.0.0.1:1025, inbox 127.0.0.1:1080) and the demo tenant has a
// sender on the smtp transport pointing at it, so every email sent locally can be read there; it
// also has a sample landing page, published at /p/demo/….
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { demoPoolRows } from "./demo-pool.mjs";
import { ROOT, startDevServer } from "./lib/dev-server.mjs";

const PORT = Number(process.env.PORT ?? 8787);
// MailDev reads the same two variables itself.
const SMTP_PORT = Number(process.env.MAILDEV_SMTP_PORT ?? 1025);
const INBOX_PORT = Number(process.env.MAILDEV_WEB_PORT ?? 1080);
const INBOX = `http://127.0.0.1:${INBOX_PORT}`;
const DEMO_DOMAIN = "demo.leadedge.test";
const DEMO_FROM = `hello@${DEMO_DOMAIN}`;
const devVars = join(ROOT, ".dev.vars");
const demoFile = join(ROOT, ".wrangler", "demo-tenant.json");

if (!existsSync(devVars)) {
  copyFileSync(join(ROOT, ".dev.vars.example"), devVars);
  console.log("Created .dev.vars from .dev.vars.example (ADMIN_TOKEN=dev-admin-token).");
}
const adminToken = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(devVars, "utf8"))?.[1]?.trim();
if (!adminToken) throw new Error("ADMIN_TOKEN is missing from .dev.vars");

const portFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
const inboxAnswers = () =>
  fetch(`${INBOX}/api/healthz`)
    .then((r) => r.ok)
    .catch(() => false);

/** MailDev on loopback, stopped when this script stops; null (with the reason printed) when it cannot start. */
async function startMaildev() {
  const [smtpFree, inboxFree] = await Promise.all([portFree(SMTP_PORT), portFree(INBOX_PORT)]);
  if (!smtpFree || !inboxFree) {
    const taken = [!smtpFree && `SMTP ${SMTP_PORT}`, !inboxFree && `web ${INBOX_PORT}`].filter(Boolean).join(" and ");
    if (!smtpFree && !inboxFree && (await inboxAnswers())) console.log(`MailDev is already running (${taken}); using it.`);
    else
      console.warn(
        `MailDev not started: port ${taken} is in use on 127.0.0.1. The demo sender still sends to 127.0.0.1:${SMTP_PORT}; ` +
          "free the port or set MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT.",
      );
    return null;
  }
  const child = spawn(
    join(ROOT, "node_modules/.bin/maildev"),
    ["--smtp", String(SMTP_PORT), "--web", String(INBOX_PORT), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"],
    { cwd: ROOT, detached: true, stdio: "inherit" },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  for (let i = 0; i < 60 && child.exitCode === null; i++) {
    if (await inboxAnswers()) return { stop };
    await sleep(250);
  }
  stop();
  console.warn(`MailDev did not answer on ${INBOX} within 15 s (exit code ${child.exitCode}); going on without it.`);
  return null;
}

const maildev = await startMaildev();
// Also on a crash below: MailDev runs in its own process group and would outlive this script.
process.on("exit", () => maildev?.stop());
const server = await startDevServer({ port: PORT, inherit: true });
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    server.stop();
    process.exit(0);
  });
server.child.on("exit", (code) => process.exit(code ?? 0));

const adminHeaders = { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" };
async function demoTenant() {
  if (existsSync(demoFile)) {
    const saved = JSON.parse(readFileSync(demoFile, "utf8"));
    const res = await fetch(`${server.url}/admin/tenants/${saved.id}`, { headers: adminHeaders });
    if (res.ok) return saved;
  }
  const res = await fetch(`${server.url}/admin/tenants`, {
    method: "POST",
    headers: adminHeaders,
    body: JSON.stringify({ name: "Demo", plan: "growth", slug: "demo" }),
  });
  if (res.status === 409)
    throw new Error("A tenant with slug 'demo' exists but .wrangler/demo-tenant.json is gone: delete .wrangler/state to start afresh");
  if (!res.ok) throw new Error(`Could not create the demo tenant: ${res.status} ${await res.text()}`);
  const created = await res.json();
  writeFileSync(demoFile, JSON.stringify(created, null, 2));
  return created;
}

const demo = await demoTenant();

// The demo pool (upserted, so every start leaves it as the script says) and a site to generate for.
const demoHeaders = { Authorization: `Bearer ${demo.api_key}`, "Content-Type": "application/json" };
const pool = await fetch(`${server.url}/api/agents/sales/prospects/import`, {
  method: "POST",
  headers: demoHeaders,
  body: JSON.stringify({ rows: demoPoolRows() }),
});
if (!pool.ok) throw new Error(`Could not load the demo prospect pool: ${pool.status} ${await pool.text()}`);
const sites = await fetch(`${server.url}/v1/sites`, { headers: demoHeaders }).then((r) => r.json());
const site =
  sites.data[0] ??
  (
    await fetch(`${server.url}/v1/sites`, {
      method: "POST",
      headers: demoHeaders,
      body: JSON.stringify({ name: "Demo site", url: "https://demo.example" }),
    }).then((r) => r.json())
  ).data;

// The demo sender: the account's sending domain declared, one smtp sender on MailDev (kept in step with its port).
async function demoSender() {
  const account = await fetch(`${server.url}/api/v1/account`, { headers: demoHeaders }).then((r) => r.json());
  const domains = account.tenant.sending_domains;
  if (!domains.includes(DEMO_DOMAIN)) {
    const res = await fetch(`${server.url}/api/v1/account`, {
      method: "PATCH",
      headers: demoHeaders,
      body: JSON.stringify({ sending_domains: [...domains, DEMO_DOMAIN] }),
    });
    if (!res.ok) throw new Error(`Could not declare ${DEMO_DOMAIN}: ${res.status} ${await res.text()}`);
  }
  const smtp = { host: "127.0.0.1", port: SMTP_PORT, security: "none" };
  const { senders } = await fetch(`${server.url}/api/v1/senders`, { headers: demoHeaders }).then((r) => r.json());
  const existing = senders.find((s) => s.from_email === DEMO_FROM);
  if (existing?.transport === "smtp" && existing.smtp?.host === smtp.host && existing.smtp.port === smtp.port) return existing;
  const res = await fetch(`${server.url}/api/v1/senders${existing ? `/${existing.id}` : ""}`, {
    method: existing ? "PATCH" : "POST",
    headers: demoHeaders,
    body: JSON.stringify({ name: "Demo Sender", from_email: DEMO_FROM, transport: "smtp", smtp, daily_limit: 10_000 }),
  });
  if (!res.ok) throw new Error(`Could not set up the demo sender: ${res.status} ${await res.text()}`);
  return res.json();
}
const sender = await demoSender();

// A sample landing page: the AI generation seed's webinar prompt (templates without a model key),
// its form posting to a flow of its own, published once and found again on later starts.
async function demoLandingPage() {
  const call = async (path, body) => {
    const res = await fetch(`${server.url}${path}`, {
      method: body ? "POST" : "GET",
      headers: demoHeaders,
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`Could not set up the sample landing page: ${path} ${res.status} ${await res.text()}`);
    return res.json();
  };
  const published = (await call("/v1/landing-pages")).data.find((page) => page.status === "published" && page.url);
  if (published) return published.url;
  const flow = await call("/api/v1/flows", { name: "Webinar registrations" });
  const form = await call("/api/v1/forms", { flow_id: flow.id, name: "Webinar form" });
  const generated = await call("/v1/campaigns/ai/generate-landing-page", {
    prompt: "A webinar registration page for a product demo. Include hero, features, speaker bio, and registration form.",
    industry: "B2B SaaS",
    goal: "webinar registration",
  });
  const page = await call("/v1/landing-pages", { ...generated.data, formId: form.id });
  return (await call(`/v1/landing-pages/${page.data.id}/publish`, {})).data.url;
}
const landingPage = await demoLandingPage();

console.log(`
Leadedge is running on ${server.url}
  API reference  ${server.url}/docs
  OpenAPI        ${server.url}/openapi.json
  Landing page   ${server.url}${landingPage}  (a sample, published; its form posts leads to a demo flow)
  Typed client   clients/typescript/README.md (@leadedge/client)
  Demo tenant    ${demo.id} (slug ${demo.slug}, plan ${demo.plan})
  Live API key   ${demo.api_key}
  Test API key   ${demo.test_api_key}
  Admin token    ${adminToken}  (from .dev.vars)

Try: curl -H "Authorization: Bearer ${demo.api_key}" ${server.url}/api/v1/account
Lead generation over the demo pool (${demoPoolRows().length} fictional contacts), for site ${site.id}:
  curl -H "Authorization: Bearer ${demo.api_key}" -H "Content-Type: application/json" ${server.url}/api/agents/sales/leadGeneration \\
    -d '{"siteId":"${site.id}","leadGenData":{"targetAudience":{"industries":["saas","tech","manufacturing"],"roles":["CTO","Head of Engineering","VP of Operations"],"locations":["United States","Canada","United Kingdom"]},"searchCriteria":{"excludedTerms":["recruiting","staffing"]}},"maxLeads":25}'

Email: every email Leadedge sends: ${INBOX}${maildev ? "" : "  (MailDev was not started by this script; see above)"}
  Demo sender ${sender.id} (${DEMO_FROM}, smtp to MailDev on 127.0.0.1:${SMTP_PORT})
  curl -H "Authorization: Bearer ${demo.api_key}" -H "Content-Type: application/json" ${server.url}/api/v1/messages \\
    -d '{"sender_id":"${sender.id}","lead_id":"<a lead id>","subject":"Hi {{lead.first_name}}","html":"<p>Hello!</p>"}'
`);

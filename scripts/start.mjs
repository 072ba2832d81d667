// `npm start`: the API on http://127.0.0.1:8787 through `wrangler dev`, with local D1 migrated and a
// demo tenant created on first start (its keys are kept in .wrangler/demo-tenant.json and printed).
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoPoolRows } from "./demo-pool.mjs";
import { ROOT, startDevServer } from "./lib/dev-server.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const devVars = join(ROOT, ".dev.vars");
const demoFile = join(ROOT, ".wrangler", "demo-tenant.json");

if (!existsSync(devVars)) {
  copyFileSync(join(ROOT, ".dev.vars.example"), devVars);
  console.log("Created .dev.vars from .dev.vars.example (ADMIN_TOKEN=dev-admin-token).");
}
const adminToken = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(devVars, "utf8"))?.[1]?.trim();
if (!adminToken) throw new Error("ADMIN_TOKEN is missing from .dev.vars");

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
console.log(`
Leadedge is running on ${server.url}
  API reference  ${server.url}/docs
  OpenAPI        ${server.url}/openapi.json
  Demo tenant    ${demo.id} (slug ${demo.slug}, plan ${demo.plan})
  Live API key   ${demo.api_key}
  Test API key   ${demo.test_api_key}
  Admin token    ${adminToken}  (from .dev.vars)

Try: curl -H "Authorization: Bearer ${demo.api_key}" ${server.url}/api/v1/account
Lead generation over the demo pool (${demoPoolRows().length} fictional contacts), for site ${site.id}:
  curl -H "Authorization: Bearer ${demo.api_key}" -H "Content-Type: application/json" ${server.url}/api/agents/sales/leadGeneration \\
    -d '{"siteId":"${site.id}","leadGenData":{"targetAudience":{"industries":["saas","tech","manufacturing"],"roles":["CTO","Head of Engineering","VP of Operations"],"locations":["United States","Canada","United Kingdom"]},"searchCriteria":{"excludedTerms":["recruiting","staffing"]}},"maxLeads":25}'
`);

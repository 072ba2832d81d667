// Browser test against a real `wrangler dev` on loopback, with Debian's Chromium (never a browser
// a test tool downloads): a published landing page is opened, its form filled in and submitted,
// and the lead is found in the flow through the API; then /docs is opened with the network cut off
// and must render the operations from this Worker alone. Screenshots go to test/artifacts/.
// Skipped, saying so, when /usr/bin/chromium is absent (`apt-get install -y chromium`); .ci/run
// installs it, so CI always runs this.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ROOT, startDevServer } from "../../scripts/lib/dev-server.mjs";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.log(`browser: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`);
  process.exit(0);
}

const ADMIN = "browser-admin-token";
const state = mkdtempSync(join(tmpdir(), "leadedge-browser-"));
const artifacts = join(ROOT, "test", "artifacts");
mkdirSync(artifacts, { recursive: true });
const server = await startDevServer({ port: Number(process.env.BROWSER_PORT ?? 8797), persistTo: state, vars: { ADMIN_TOKEN: ADMIN } });
let browser;
let failed = false;
try {
  const json = { "Content-Type": "application/json" };
  const api = async (path, key, body, method = body ? "POST" : "GET") => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...json, Authorization: `Bearer ${key}` },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
  const tenant = await api("/admin/tenants", ADMIN, { name: "Browser Test", plan: "growth" });
  const key = tenant.api_key;
  const flow = await api("/api/v1/flows", key, { name: "Webinar leads" });
  const form = await api("/api/v1/forms", key, { flow_id: flow.id, name: "Webinar form" });
  const generated = await api("/v1/campaigns/ai/generate-landing-page", key, {
    prompt: "A webinar registration page for a product demo. Include hero, features, speaker bio, and registration form.",
    industry: "B2B SaaS",
    goal: "webinar registration",
  });
  const page = await api("/v1/landing-pages", key, { ...generated.data, formId: form.id });
  const published = await api(`/v1/landing-pages/${page.data.id}/publish`, key, {});

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const tab = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors = [];
  tab.on("pageerror", (error) => errors.push(String(error)));
  await tab.goto(`${server.url}${published.data.url}`);
  if ((await tab.title()) !== "Product Demo Webinar") throw new Error(`title: ${await tab.title()}`);
  await tab.fill('input[name="first_name"]', "Grace");
  await tab.fill('input[name="last_name"]', "Hopper");
  await tab.fill('input[name="email"]', "grace@compiler.example");
  await tab.fill('input[name="company"]', "Navy");
  await tab.screenshot({ path: join(artifacts, "landing-page.png"), fullPage: true });
  await Promise.all([tab.waitForLoadState("load"), tab.click('button[type="submit"]')]);
  await tab.waitForFunction(() => document.body.innerText.toLowerCase().includes("thank"), undefined, { timeout: 10_000 });
  await tab.screenshot({ path: join(artifacts, "landing-page-submitted.png"), fullPage: true });
  if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);

  // The API reference with the network cut off: every request that does not go to this Worker fails.
  const offline = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const outside = [];
  await offline.route("**/*", (route) => {
    if (route.request().url().startsWith(server.url)) return route.continue();
    outside.push(route.request().url());
    return route.abort("internetdisconnected");
  });
  const reference = await offline.newPage();
  const referenceErrors = [];
  reference.on("pageerror", (error) => referenceErrors.push(String(error)));
  reference.on("console", (message) => message.type() === "error" && referenceErrors.push(message.text()));
  await reference.goto(`${server.url}/docs`);
  // Each tag of the sidebar opens to its operations.
  for (const [tag, operation] of [
    ["Leads", "Submit a lead to a flow"],
    ["Scoring", "Score up to 1,000 leads"],
    ["Messages", "Send one email to one lead"],
  ]) {
    await reference.getByText(tag, { exact: true }).first().click({ timeout: 20_000 });
    await reference.getByText(operation, { exact: true }).first().waitFor({ state: "visible", timeout: 10_000 });
  }
  await reference.screenshot({ path: join(artifacts, "api-reference-offline.png") });
  if (outside.length > 0) throw new Error(`/docs asked the network for ${outside.join(", ")}`);
  if (referenceErrors.length > 0) throw new Error(`/docs errors: ${referenceErrors.join("; ")}`);
  await offline.close();

  const found = await api(`/api/v1/leads?flow_id=${flow.id}`, key);
  const lead = found.leads?.[0];
  if (found.total_count !== 1) throw new Error(`expected the lead in the flow, found ${JSON.stringify(found)}`);
  const detail = await api(`/api/v1/leads/${lead.id}`, key);
  if (detail.lead_data.email !== "grace@compiler.example") throw new Error(`lead: ${JSON.stringify(detail.lead_data)}`);
  console.log(
    `browser: ✓ published page opened in Chromium, form submitted, lead ${lead.id} found in the flow; /docs renders offline (screenshots in test/artifacts/)`,
  );
} catch (error) {
  failed = true;
  console.error(`browser: ✗ ${error instanceof Error ? error.stack : error}`);
} finally {
  await browser?.close();
  server.stop();
  rmSync(state, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

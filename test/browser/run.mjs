// Browser test against a real `wrangler dev` on loopback, with Debian's Chromium (never a browser
// a test tool downloads): published landing pages are checked at three widths with axe-core
// (test/browser/landing.mjs), one's form filled in and submitted, and the lead is found in the
// flow through the API; then /docs is opened with the network cut off
// and must render the operations from this Worker alone. Screenshots go to test/artifacts/.
// Skipped, saying so, when /usr/bin/chromium is absent (`apt-get install -y chromium`); .ci/run
// installs it, so CI always runs this.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ROOT, startDevServer } from "../../scripts/lib/dev-server.mjs";
import { checkLandingPages, WIDTHS } from "./landing.mjs";

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
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const { flow } = await checkLandingPages({ browser, server, api, key, artifacts });

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
    `browser: ✓ landing pages at ${WIDTHS.join("/")} px with no serious or critical axe violation, form submitted, lead ${lead.id} found in the flow; /docs renders offline (screenshots in test/artifacts/)`,
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

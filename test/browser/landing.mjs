// The published landing page as a visitor sees it: the seed's generated page opened at phone,
// tablet and desktop widths (a screenshot of each in test/artifacts/), axe-core run in the page at
// each width with no serious or critical violation allowed, the same for a page in a light brand
// colour with every optional section, then the form filled in and submitted like a person would.
// axe-core comes from node_modules and is injected as script text: the page loads nothing else.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const WIDTHS = [375, 768, 1280];

const RICH_PROMPT =
  "A webinar registration page for our Q3 pipeline review on March 3 at 2 pm ET. Features: live dashboards, CRM sync, forecast alerts. " +
  "Agenda: 14:00 Welcome; 14:10 Pipeline demo; 14:40 Q&A. Speakers: Jane Doe, VP Sales; Raj Patel, CTO. " +
  '"We doubled our qualified pipeline." — Maria Lopez, Head of Growth at Northwind. ' +
  "FAQ: Is it free? Yes, attendance is free. Will there be a recording? Yes, every registrant gets it.";

/** axe's serious and critical violations of the page open in the tab, each with the elements it found. */
async function accessibilityProblems(tab) {
  await tab.addScriptTag({ content: AXE });
  const violations = await tab.evaluate(async () => (await globalThis.axe.run(document, { resultTypes: ["violations"] })).violations);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Opens a page at each width: screenshots, axe, no request leaving the Worker, no horizontal scroll. */
async function checkAtWidths(browser, url, origin, name, artifacts) {
  // The page's CSP forbids every script; bypassing it lets the test inject axe, and nothing else runs.
  const context = await browser.newContext({ bypassCSP: true });
  const outside = [];
  await context.route("**/*", (route) => {
    if (route.request().url().startsWith(origin)) return route.continue();
    outside.push(route.request().url());
    return route.abort("internetdisconnected");
  });
  const tab = await context.newPage();
  const problems = [];
  for (const width of WIDTHS) {
    await tab.setViewportSize({ width, height: 900 });
    await tab.goto(url);
    await tab.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${width}px: the page scrolls sideways by ${overflow}px`);
    for (const problem of await accessibilityProblems(tab)) problems.push(`${width}px: ${problem}`);
  }
  await context.close();
  if (outside.length > 0) problems.push(`asked the network for ${outside.join(", ")}`);
  if (problems.length > 0) throw new Error(`${name}:\n  ${problems.join("\n  ")}`);
}

/**
 * Publishes the seed's page and a rich one in a light colour, checks both at every width, then
 * submits the seed page's form. Returns what the caller checks through the API.
 */
export async function checkLandingPages({ browser, server, api, key, artifacts }) {
  const flow = await api("/api/v1/flows", key, { name: "Webinar leads" });
  const form = await api("/api/v1/forms", key, { flow_id: flow.id, name: "Webinar form" });
  const publish = async (request, extra = {}) => {
    const generated = await api("/v1/campaigns/ai/generate-landing-page", key, request);
    const page = await api("/v1/landing-pages", key, { ...generated.data, ...extra, formId: form.id });
    return `${server.url}${(await api(`/v1/landing-pages/${page.data.id}/publish`, key, {})).data.url}`;
  };
  const seedUrl = await publish({
    prompt: "A webinar registration page for a product demo. Include hero, features, speaker bio, and registration form.",
    industry: "B2B SaaS",
    goal: "webinar registration",
  });
  const richUrl = await publish(
    { prompt: RICH_PROMPT, industry: "B2B SaaS" },
    { slug: "pipeline-review", style: { primaryColor: "#fde047", backgroundColor: "#ffffff", fontFamily: "Inter" } },
  );
  // The check itself can fail: an unlabelled field and grey-on-grey text are what axe must report.
  const control = await browser.newPage();
  await control.setContent('<html><body><p style="color:#aaa;background:#bbb">faint</p><input></body></html>');
  const caught = (await accessibilityProblems(control)).map((p) => p.split(" ")[0]);
  await control.close();
  if (!caught.includes("label") || !caught.includes("color-contrast")) throw new Error(`axe missed known violations: ${caught}`);
  await checkAtWidths(browser, seedUrl, server.url, "landing-page", artifacts);
  await checkAtWidths(browser, richUrl, server.url, "landing-page-light", artifacts);

  // A visitor on a phone: the call to action scrolls to the form, which is filled in and sent.
  const tab = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors = [];
  tab.on("pageerror", (error) => errors.push(String(error)));
  await tab.goto(seedUrl);
  if ((await tab.title()) !== "Product Demo Webinar") throw new Error(`title: ${await tab.title()}`);
  await tab.getByRole("link", { name: "Register Now" }).click();
  await tab.waitForFunction(() => location.hash === "#form");
  await tab.getByLabel("First name").fill("Grace");
  await tab.getByLabel("Last name").fill("Hopper");
  await tab.getByLabel("Work email").fill("grace@compiler.example");
  await tab.getByLabel("Company").fill("Navy");
  await Promise.all([tab.waitForLoadState("load"), tab.getByRole("button", { name: "Register Now" }).click()]);
  // biome-ignore lint/performance/useDomNodeTextContent: the thanks must be visible, and innerText leaves hidden text out
  await tab.waitForFunction(() => document.body.innerText.toLowerCase().includes("thank"), undefined, { timeout: 10_000 });
  await tab.screenshot({ path: join(artifacts, "landing-page-submitted.png"), fullPage: true });
  await tab.close();
  if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
  return { flow };
}

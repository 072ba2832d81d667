// `npm run bench:lead-generation`: how long a lead generation command takes, end to end, against
// `wrangler dev` on loopback: the seed's request for 25 leads over a synthetic pool of 5,000
// contacts, timed from the 202 to `completed` on the status endpoint, several times; beside the
// time of one `GET /healthz` round trip from the same run as the baseline.
//
// Env: BENCH_COMMANDS (default 5), BENCH_POOL (contacts, default 5000).
import { withBenchTenant } from "./lib/bench-tenant.mjs";
import { bareBaseline, median, medianMs, thousands, writeReport } from "./lib/report.mjs";

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 5);
const POOL = Number(process.env.BENCH_POOL ?? 5000);
const INDUSTRIES = ["saas", "technology", "manufacturing", "healthcare", "finance", "retail", "staffing"];
const TITLES = ["CTO", "Head of Engineering", "VP of Operations", "CEO", "Marketing Manager", "Recruiter", "Engineer"];
const COUNTRIES = ["United States", "Canada", "United Kingdom", "Germany", "France"];

/** A synthetic pool as CSV: 10 contacts per company, every attribute spread over its values. */
function poolCsv(contacts) {
  const rows = ["company,domain,industry,employees,revenue_usd,country,city,keywords,first_name,last_name,title,email"];
  for (let i = 0; i < contacts; i++) {
    const c = Math.floor(i / 10);
    const keywords = c % 3 === 0 ? "digital transformation;workflow automation" : c % 3 === 1 ? "automation;efficiency" : "cloud";
    rows.push(
      [
        `Company ${c}`,
        `company${c}.example`,
        INDUSTRIES[c % INDUSTRIES.length],
        20 + ((c * 37) % 900),
        500_000 + ((c * 7_919_000) % 80_000_000),
        COUNTRIES[c % COUNTRIES.length],
        "Springfield",
        keywords,
        "Pat",
        `Person${i}`,
        TITLES[i % TITLES.length],
        `person${i}@company${c}.example`,
      ].join(","),
    );
  }
  return rows.join("\n");
}

const baseline = await bareBaseline(8790);
await withBenchTenant(8793, async ({ url, apiKey }) => {
  const json = { "Content-Type": "application/json" };
  const auth = { Authorization: `Bearer ${apiKey}` };
  const site = await fetch(`${url}/v1/sites`, {
    method: "POST",
    headers: { ...json, ...auth },
    body: JSON.stringify({ name: "Bench", url: "https://bench.example" }),
  }).then((r) => r.json());
  const imported = await fetch(`${url}/api/agents/sales/prospects/import`, {
    method: "POST",
    headers: { "Content-Type": "text/csv", ...auth },
    body: poolCsv(POOL),
  });
  if (!imported.ok) throw new Error(`import: ${imported.status} ${await imported.text()}`);

  const healthzMs = await medianMs(20, () => fetch(`${url}/healthz`));
  const request = {
    siteId: site.data.id,
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
  };
  const runs = [];
  for (let i = 0; i < COMMANDS; i++) {
    const started = performance.now();
    const created = await fetch(`${url}/api/agents/sales/leadGeneration`, {
      method: "POST",
      headers: { ...json, ...auth },
      body: JSON.stringify(request),
    }).then((r) => r.json());
    const accepted = performance.now() - started;
    let status;
    const deadline = Date.now() + 60_000;
    do {
      await new Promise((r) => setTimeout(r, 25));
      status = await fetch(`${url}/api/agents/sales/leadGeneration/status/${created.data.command_id}`, { headers: auth }).then((r) =>
        r.json(),
      );
    } while (status.data.status === "processing" && Date.now() < deadline);
    const row = {
      accepted_ms: Math.round(accepted),
      completed_ms: Math.round(performance.now() - started),
      status: status.data.status,
      leads: status.data.leads_generated?.length ?? 0,
    };
    runs.push(row);
  }
  const incomplete = runs.filter((r) => r.status !== "completed" || r.leads !== 25);
  if (incomplete.length > 0) throw new Error(`commands that did not deliver 25 leads: ${JSON.stringify(incomplete)}`);
  const details = {
    pool_contacts: POOL,
    baseline_healthz_ms_median: healthzMs,
    bare_baseline: baseline,
    runs,
    completed_ms_median: median(runs.map((r) => r.completed_ms)),
    accepted_ms_median: median(runs.map((r) => r.accepted_ms)),
  };
  console.log(JSON.stringify(details, null, 2));
  writeReport(
    "lead-generation",
    [
      {
        benchmark: `lead-generation command, 25 leads from ${thousands(POOL)} contacts (POST to \`completed\`)`,
        result: `median ${details.completed_ms_median} ms (the 202 in ${details.accepted_ms_median} ms)`,
        baseline: baseline.text,
      },
    ],
    details,
  );
});

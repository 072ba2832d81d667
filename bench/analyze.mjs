// `npm run bench:analyze`: POST /v1/leads/analyze with 1,000 leads (scores, predictions and
// template recommendations for each, the leads written), timed sequentially against `wrangler
// dev` on loopback, beside the bare baseline Worker's GET /healthz and one-row insert from the
// same run. Every round sends new leads, so every round writes 1,000 of them.
//
// Env: BENCH_ROUNDS (default 10).
import { withBenchTenant } from "./lib/bench-tenant.mjs";
import { bareBaseline, medianMs, thousands, writeReport } from "./lib/report.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const LEADS = 1000;
const INDUSTRIES = ["logistics", "fintech", "saas", "retail", "healthcare"];
const TITLES = ["CTO", "VP Sales", "Head of Operations", "Engineer", "CEO"];

const lead = (round, i) => ({
  email: `analyze${round}-${i}@corp${i % 50}.example`,
  first_name: `Pat${i}`,
  company: `Corp ${i % 50}`,
  industry: INDUSTRIES[i % 5],
  position: TITLES[i % 5],
  company_size: 10 + (i % 500),
  engagement_score: i % 100,
  source: i % 2 ? "webinar" : "website_form",
});

const baseline = await bareBaseline(8790);
await withBenchTenant(8795, async ({ url, apiKey }) => {
  const auth = { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` };
  const analyze = (r) =>
    fetch(`${url}/v1/leads/analyze`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ leads: Array.from({ length: LEADS }, (_, i) => lead(r, i)) }),
    });
  const check = await (await analyze(-1)).json();
  if (check.data?.leads?.length !== LEADS) throw new Error(`analyze answered ${JSON.stringify(check).slice(0, 300)}`);

  const analyzeMs = await medianMs(ROUNDS, analyze);
  const details = {
    rounds: ROUNDS,
    leads_per_request: LEADS,
    analyze_1000_ms_median: analyzeMs,
    baseline,
    leads_per_second: Math.round((LEADS / analyzeMs) * 1000),
  };
  console.log(JSON.stringify(details, null, 2));
  writeReport(
    "analyze",
    [
      {
        benchmark: "analyze 1,000 leads (`POST /v1/leads/analyze`)",
        result: `median ${thousands(analyzeMs)} ms a request (${thousands(details.leads_per_second)} leads/s)`,
        baseline: baseline.text,
      },
    ],
    details,
  );
});

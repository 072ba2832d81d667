// `npm run bench:playground`: how long POST /playground/generate takes to enqueue 200 leads (the
// batch and its items written, 200 queue messages sent), and how long until the local queue has
// written every draft, against `wrangler dev` on loopback; beside a `GET /healthz` round trip
// from the same run. Each run uses its own custom_prompt, so every run enqueues all 200 leads.
//
// Env: BENCH_RUNS (default 5).
import { withBenchTenant } from "./lib/bench-tenant.mjs";
import { bareBaseline, median, medianMs, thousands, writeReport } from "./lib/report.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const baseline = await bareBaseline(8790);
await withBenchTenant(8794, async ({ url, apiKey }) => {
  const headers = { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` };
  const post = (path, body) => fetch(`${url}${path}`, { method: "POST", headers, body: JSON.stringify(body) }).then((r) => r.json());
  const people = Array.from({ length: 200 }, (_, i) => ({
    email: `bench${i}@corp${i % 20}.example`,
    first_name: `Pat${i}`,
    company: `Corp ${i % 20}`,
    industry: "logistics",
    position: "CTO",
  }));
  const leadIds = (
    await post("/v1/leads/analyze", { leads: people, options: { include_predictions: false, include_recommendations: false } })
  ).data.leads.map((l) => l.id);
  const campaign = await post("/api/v1/campaigns", {
    name: "Bench",
    steps: [{ subject: "Hi {{lead.first_name}}", body: "Hello {{lead.first_name}} at {{lead.company}}" }],
  });
  await post(`/api/v1/campaigns/${campaign.id}/leads`, { lead_ids: leadIds, assignment: "PERSONALIZATION" });

  const healthzMs = await medianMs(20, () => fetch(`${url}/healthz`));
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const res = await post(`/api/v1/campaigns/${campaign.id}/playground/generate`, {
      step_index: 1,
      n_leads: 200,
      custom_prompt: `Bench prompt ${run}`,
    });
    const enqueued = performance.now() - started;
    let batch;
    const deadline = Date.now() + 120_000;
    do {
      await new Promise((r) => setTimeout(r, 50));
      batch = await fetch(`${url}/api/v1/campaigns/${campaign.id}/playground/batches/${res.batch_id}`, { headers }).then((r) => r.json());
    } while (batch.status === "queued" && Date.now() < deadline);
    runs.push({
      total: res.total,
      enqueue_ms: Math.round(enqueued),
      all_drafts_ms: Math.round(performance.now() - started),
      status: batch.status,
      done: batch.counts.done,
    });
  }
  const incomplete = runs.filter((r) => r.status !== "completed" || r.done !== 200);
  if (incomplete.length > 0) throw new Error(`batches that did not write 200 drafts: ${JSON.stringify(incomplete)}`);
  const details = {
    baseline_healthz_ms_median: healthzMs,
    bare_baseline: baseline,
    runs,
    enqueue_ms_median: median(runs.map((r) => r.enqueue_ms)),
    all_drafts_ms_median: median(runs.map((r) => r.all_drafts_ms)),
  };
  console.log(JSON.stringify(details, null, 2));
  writeReport(
    "playground",
    [
      {
        benchmark: "playground enqueue of 200 leads (`POST …/playground/generate`)",
        result: `median ${details.enqueue_ms_median} ms; every draft written in ${thousands(details.all_drafts_ms_median)} ms`,
        baseline: baseline.text,
      },
    ],
    details,
  );
});

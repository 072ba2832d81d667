// `npm run bench:intake`: lead intake through the whole pipeline (validation, enhancement, rules,
// the flow's Durable Object gate, the D1 batch write), beside the bare baseline Worker's
// /healthz and one-row insert from the same run. Loopback only, bounded in time and requests.
//
// Env: BENCH_SECONDS (per target, default 8), BENCH_CONNECTIONS (single-lead target, default 16).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { ROOT, startDevServer } from "../scripts/lib/dev-server.mjs";
import { withBenchTenant } from "./lib/bench-tenant.mjs";
import { thousands, writeReport } from "./lib/report.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const BATCH_SIZE = 1000;

const lead = (n) => ({
  first_name: "John",
  last_name: "Doe",
  email: `bench${n}@acme-bench.example`,
  phone: "+1 650-253-0000",
  address: "123 Main St",
  city: "Anytown",
  state: "CA",
  postal_code: "90210",
  source: "website_form",
  campaign: "summer_2024",
  custom_field_12345: "premium_customer",
});

let counter = 0;
/** One autocannon run; `body` makes a fresh body per request so every lead is unique. */
function load(url, { method = "GET", headers = {}, body, connections = CONNECTIONS, cap = 50_000 }) {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`loopback only: ${url}`);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let last = started;
    const instance = autocannon(
      {
        url,
        method,
        headers,
        connections,
        duration: SECONDS,
        maxOverallRequests: cap,
        timeout: 60,
        requests: [{ method, setupRequest: (req) => (body ? { ...req, body: body() } : req) }],
      },
      (error, result) => {
        if (error) return reject(error);
        const responses = Object.values(result.statusCodeStats ?? {}).reduce((n, s) => n + s.count, 0);
        const seconds = (last - started) / 1000;
        resolve({
          reqPerSec: Math.round((responses / seconds) * 10) / 10,
          p50: result.latency.p50,
          p99: result.latency.p99,
          responses,
          non2xx: result.non2xx,
          errors: result.errors,
          seconds,
        });
      },
    );
    instance.on("response", () => (last = Date.now()));
  });
}

const baseState = mkdtempSync(join(tmpdir(), "leadedge-intake-base-"));
const base = await startDevServer({ port: 8792, persistTo: baseState, cwd: join(ROOT, "bench", "baseline") });
try {
  await withBenchTenant(8791, async ({ url, apiKey }) => {
    const auth = { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` };
    const flow = (name) =>
      fetch(`${url}/api/v1/flows`, { method: "POST", headers: auth, body: JSON.stringify({ name }) }).then((r) => r.json());
    const [single, batched] = [await flow("Single"), await flow("Batch")];

    const results = {
      baseline_healthz: await load(`${base.url}/healthz`, {}),
      baseline_insert: await load(`${base.url}/insert`, { method: "POST" }),
      lead_single: await load(`${url}/api/v1/flows/${single.id}/leads`, {
        method: "POST",
        headers: auth,
        body: () => JSON.stringify({ lead: lead(counter++) }),
      }),
      lead_batch_1000: await load(`${url}/api/v1/flows/${batched.id}/leads/batch`, {
        method: "POST",
        headers: auth,
        connections: 2,
        cap: 40,
        body: () =>
          JSON.stringify({ leads: Array.from({ length: BATCH_SIZE }, () => ({ external_id: `x${counter}`, lead: lead(counter++) })) }),
      }),
    };
    results.lead_batch_1000.leadsPerSec = Math.round(results.lead_batch_1000.reqPerSec * BATCH_SIZE);
    const accepted = await fetch(`${url}/api/v1/leads?status=accepted&limit=1`, { headers: auth }).then((r) => r.json());
    const report = {
      date: new Date().toISOString(),
      seconds: SECONDS,
      connections: CONNECTIONS,
      accepted_leads_stored: accepted.total_count,
      results,
    };
    console.log(JSON.stringify(report, null, 2));
    for (const [name, r] of Object.entries(results))
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    const { baseline_insert: insert, lead_single: one, lead_batch_1000: batch } = results;
    const bare = `bare one-row insert: ${thousands(insert.reqPerSec)} req/s, p50 ${insert.p50} ms`;
    writeReport(
      "intake",
      [
        {
          benchmark: "single-lead intake (`POST /api/v1/flows/{id}/leads`)",
          result: `${thousands(one.reqPerSec)} req/s, p50 ${one.p50} ms`,
          baseline: bare,
        },
        {
          benchmark: "1,000-lead batch (`POST …/leads/batch`)",
          result: `${thousands(batch.leadsPerSec)} leads/s, p50 ${thousands(batch.p50)} ms a batch`,
          baseline: bare,
        },
      ],
      report,
    );
  });
} finally {
  base.stop();
  rmSync(baseState, { recursive: true, force: true });
}

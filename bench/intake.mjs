// `npm run bench:intake`: lead intake through the whole pipeline (validation, enhancement, rules,
// the flow's Durable Object gate, the D1 batch write), beside the bare baseline Worker's
// /healthz and one-row insert from the same run. Loopback only, bounded in time and requests.
//
// Env: BENCH_SECONDS (per target, default 8), BENCH_CONNECTIONS (single-lead target, default 16),
//      BENCH_INTAKE_ROUNDS (default 3).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { ROOT, startDevServer } from "../scripts/lib/dev-server.mjs";
import { withBenchTenant } from "./lib/bench-tenant.mjs";
import { thousands, writeReport } from "./lib/report.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
// This machine's speed drifts by as much as a factor of two over minutes, so a ratio to a baseline
// measured once, minutes away, says little: each round measures the bare insert right before the
// two intake targets, and each target's figures are from its round with the median ratio.
const ROUNDS = Number(process.env.BENCH_INTAKE_ROUNDS ?? 3);
const BATCH_SIZE = 1000;
const FORMS = 40;

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

/**
 * The median of each Server-Timing stage, in ms, over `requests` requests sent `concurrency` at a
 * time; `request()` gives each one's URL and init.
 */
async function stages(request, { requests = 400, concurrency = CONNECTIONS } = {}) {
  const samples = [];
  let sent = 0;
  const worker = async () => {
    while (sent < requests) {
      sent++;
      const res = await fetch(...request());
      await res.arrayBuffer();
      const timing = (res.headers.get("Server-Timing") ?? "").split(", ");
      samples.push(Object.fromEntries(timing.map((e) => [e.split(";")[0], Number(e.split("dur=")[1])])));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const names = [...new Set(samples.flatMap((s) => Object.keys(s)))];
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return Object.fromEntries(names.map((n) => [n, median(samples.map((s) => s[n] ?? 0))]));
}
/**
 * One autocannon run; `body` makes a fresh body per request so every lead is unique, and `vary`
 * changes anything else of a request (its path, its headers).
 */
function load(url, { method = "GET", headers = {}, body, vary, connections = CONNECTIONS, cap = 50_000 }) {
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
        requests: [{ method, setupRequest: (req) => ({ ...req, ...(body ? { body: body() } : {}), ...vary?.(req) }) }],
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
    const [single, batched, posted] = [await flow("Single"), await flow("Batch"), await flow("Form posts")];
    // A form takes 600 entries a minute and a visitor 10 (wrangler.toml): the posts rotate
    // through forms and visitor addresses so that the limits are not what is measured.
    const forms = [];
    for (let i = 0; i < FORMS; i++) {
      const res = await fetch(`${url}/api/v1/forms`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ flow_id: posted.id, name: `Bench form ${i}` }),
      });
      forms.push((await res.json()).id);
    }
    const formPath = () => `/f/${forms[counter % FORMS]}`;
    const formHeaders = () => ({
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      "CF-Connecting-IP": `198.51.100.${counter % 250}`,
    });
    const entry = () => new URLSearchParams(lead(counter++)).toString();
    const leadsUrl = `${url}/api/v1/flows/${single.id}/leads`;
    const breakdown = {
      lead_single: await stages(() => [leadsUrl, { method: "POST", headers: auth, body: JSON.stringify({ lead: lead(counter++) }) }]),
      form_post: await stages(() => [`${url}${formPath()}`, { method: "POST", headers: formHeaders(), body: entry() }]),
    };

    const singleLoad = () => load(leadsUrl, { method: "POST", headers: auth, body: () => JSON.stringify({ lead: lead(counter++) }) });
    const formLoad = () =>
      load(`${url}${formPath()}`, { method: "POST", body: entry, vary: () => ({ path: formPath(), headers: formHeaders() }) });
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      const baseline_insert = await load(`${base.url}/insert`, { method: "POST" });
      rounds.push({ baseline_insert, lead_single: await singleLoad(), form_post: await formLoad() });
    }
    const medianRound = (target) => {
      const ratio = (round) => round[target].reqPerSec / round.baseline_insert.reqPerSec;
      const round = [...rounds].sort((a, b) => ratio(a) - ratio(b))[Math.floor(rounds.length / 2)];
      return { ...round[target], baseline: round.baseline_insert, share: Math.round(ratio(round) * 100) };
    };
    const results = {
      baseline_healthz: await load(`${base.url}/healthz`, {}),
      lead_single: medianRound("lead_single"),
      form_post: medianRound("form_post"),
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
      server_timing_median_ms: breakdown,
      results,
      rounds,
    };
    console.log(JSON.stringify(report, null, 2));
    const measured = [results.baseline_healthz, results.lead_batch_1000, ...rounds.flatMap((round) => Object.values(round))];
    for (const r of measured)
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors: ${JSON.stringify(r)}`);
    const { lead_single: one, form_post: form, lead_batch_1000: batch } = results;
    const bareOf = (insert) => `bare one-row insert: ${thousands(insert.reqPerSec)} req/s, p50 ${insert.p50} ms, p99 ${insert.p99} ms`;
    const ofRounds = ROUNDS > 1 ? `, the median of ${ROUNDS} rounds` : "";
    const share = (r) => `${thousands(r.reqPerSec)} req/s (${r.share} %${ofRounds}), p50 ${r.p50} ms, p99 ${r.p99} ms`;
    writeReport(
      "intake",
      [
        {
          benchmark: "single-lead intake (`POST /api/v1/flows/{id}/leads`)",
          result: share(one),
          baseline: bareOf(one.baseline),
        },
        {
          benchmark: "form post (`POST /f/{form_id}`, urlencoded)",
          result: share(form),
          baseline: bareOf(form.baseline),
        },
        {
          benchmark: "1,000-lead batch (`POST …/leads/batch`)",
          result: `${thousands(batch.leadsPerSec)} leads/s, p50 ${thousands(batch.p50)} ms a batch`,
          baseline: bareOf(one.baseline),
        },
      ],
      report,
    );
  });
} finally {
  base.stop();
  rmSync(baseState, { recursive: true, force: true });
}

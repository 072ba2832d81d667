// Analytics over a tenant with 1,000,000 leads, under `wrangler dev` on loopback.
// Seeds a tenant, its key, its flows and the leads straight into the local D1 file before the
// server starts (a recursive CTE: seconds, where the API would take an hour; the server must not
// hold the file meanwhile), rebuilds the daily counts from the leads with the GROUP BY an operator
// would use after a bulk import, then times GET /api/v1/analytics for a month beside GET /healthz.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, ROOT, startDevServer } from "../scripts/lib/dev-server.mjs";
import { bareBaseline, thousands, writeReport } from "./lib/report.mjs";

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const ADMIN = "bench-admin-token";
const state = mkdtempSync(join(tmpdir(), "leadedge-analytics-"));

function d1(sql) {
  const file = join(state, "seed.sql");
  writeFileSync(file, sql);
  const started = Date.now();
  const run = spawnSync(
    join(ROOT, "node_modules/.bin/wrangler"),
    ["d1", "execute", "DB", "--local", "--persist-to", state, "--file", file, "--yes"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "true" } },
  );
  if (run.status !== 0) throw new Error(`d1 execute failed:\n${run.stdout}\n${run.stderr}`);
  return Date.now() - started;
}

async function time(url, headers) {
  const samples = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.text();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
  return { p50: at(0.5), p99: at(0.99), max: samples.at(-1).toFixed(1) };
}

applyMigrations({ persistTo: state });
const tenantId = "ten_benchmillion000000000000000";
const apiKey = `lk_live_${randomBytes(24)
  .toString("base64url")
  .replace(/[^0-9A-Za-z]/g, "a")
  .slice(0, 32)}`;
const keyHash = createHash("sha256").update(apiKey).digest("hex");
const flows = [0, 1, 2, 3].map((n) => `flow_benchmillion00000000000${n}`);
const now = new Date().toISOString();
const flowCase = `CASE i % 4 ${flows.map((id, n) => `WHEN ${n} THEN '${id}'`).join(" ")} END`;
d1(`INSERT INTO tenants (id, name, slug, plan, created_at, updated_at) VALUES ('${tenantId}', 'Million', 'million', 'enterprise', '${now}', '${now}');
INSERT INTO api_keys (id, tenant_id, mode, prefix, key_hash, scopes, created_at) VALUES ('key_benchmillion00000000000000', '${tenantId}', 'live', '${apiKey.slice(0, 12)}', '${keyHash}', '["*"]', '${now}');
${flows.map((id, n) => `INSERT INTO flows (id, tenant_id, test_mode, name, status, steps, settings, created_at, updated_at) VALUES ('${id}', '${tenantId}', 0, 'Flow ${n}', 'active', '[]', '{"acceptance_criteria":null,"quality_threshold":null,"volume_cap":null,"notifications":null,"duplicate_policy":{"keys":["email"],"match":"any","window_days":30},"pricing":null,"timezone":"UTC","default_country":"US"}', '${now}', '${now}');`).join("\n")}`);

const seedMs = d1(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${LEADS - 1})
INSERT INTO leads (id, tenant_id, test_mode, flow_id, status, email, source, campaign, quality_score, custom_fields, enhancements, created_at, updated_at)
SELECT printf('lead_seed%08d', i), '${tenantId}', 0, ${flowCase},
  CASE WHEN i % 5 = 0 THEN 'rejected' WHEN i % 17 = 0 THEN 'converted' WHEN i % 3 = 0 THEN 'delivered' ELSE 'accepted' END,
  printf('p%d@acme.example', i), CASE i % 6 WHEN 0 THEN 'website_form' WHEN 1 THEN 'social_media' WHEN 2 THEN 'partner' WHEN 3 THEN 'webinar' WHEN 4 THEN 'paid_search' ELSE 'referral' END,
  printf('campaign_%d', i % 12), (i % 100) / 100.0, '{}', '{}',
  strftime('%Y-%m-%dT%H:%M:%fZ', '2026-10-01', printf('+%d seconds', (i * 5270400) / ${LEADS})), strftime('%Y-%m-%dT%H:%M:%fZ', '2026-10-01')
FROM n;`);
// The daily counts, rebuilt from the leads (what the write path keeps up to date lead by lead).
const rollupMs =
  d1(`INSERT INTO lead_daily_stats (tenant_id, test_mode, day, flow_id, source, campaign, total, accepted, delivered, converted, quality_sum)
SELECT tenant_id, test_mode, substr(created_at, 1, 10), flow_id, coalesce(source, ''), coalesce(campaign, ''), count(*),
  sum(status != 'rejected'), sum(status IN ('delivered', 'converted')), sum(status = 'converted'), sum(coalesce(quality_score, 0))
FROM leads WHERE tenant_id = '${tenantId}' GROUP BY 1, 2, 3, 4, 5, 6;`);

const baseline = await bareBaseline(8790);
const server = await startDevServer({ port: 8797, persistTo: state, vars: { ADMIN_TOKEN: ADMIN }, migrate: false });
try {
  const auth = { Authorization: `Bearer ${apiKey}` };
  const healthz = await time(`${server.url}/healthz`, {});
  const monthBySource = await time(`${server.url}/api/v1/analytics?group_by=source&start_date=2026-11-01&end_date=2026-11-30`, auth);
  const monthByDay = await time(`${server.url}/api/v1/analytics?group_by=day&start_date=2026-11-01&end_date=2026-11-30`, auth);
  const oneFlow = await time(
    `${server.url}/api/v1/analytics?flow_id=${flows[0]}&group_by=campaign&metric=conversion_rate&start_date=2026-11-01&end_date=2026-11-30`,
    auth,
  );
  const sample = await fetch(`${server.url}/api/v1/analytics?group_by=source&start_date=2026-11-01&end_date=2026-11-30`, {
    headers: auth,
  }).then((r) => r.json());
  const results = {
    date: new Date().toISOString(),
    leads: LEADS,
    rounds: ROUNDS,
    seed_seconds: seedMs / 1000,
    rollup_seconds: rollupMs / 1000,
    november_leads: sample.metrics.reduce((n, m) => n + m.total_leads, 0),
    bare_baseline: baseline,
    latency_ms: {
      healthz,
      analytics_month_by_source: monthBySource,
      analytics_month_by_day: monthByDay,
      analytics_one_flow_by_campaign: oneFlow,
    },
  };
  console.log(JSON.stringify(results, null, 2));
  writeReport(
    "analytics",
    [
      {
        benchmark: `analytics, a month of a ${thousands(LEADS)}-lead tenant by source (\`GET /api/v1/analytics\`)`,
        result: `p50 ${monthBySource.p50} ms, p99 ${monthBySource.p99} ms`,
        baseline: baseline.text,
      },
    ],
    results,
  );
} finally {
  server.stop();
  rmSync(state, { recursive: true, force: true });
}

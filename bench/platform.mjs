// `npm run bench:platform`: load-tests the main Worker's middleware, auth and rate limiter against
// a bare baseline Worker, both under local `wrangler dev` on loopback, and prints req/s, p50/p99
// latency and the ratios between them. `npm run bench` runs it with the other benchmarks.
//
// Env: BENCH_SECONDS (per target, default 8), BENCH_WARMUP_SECONDS (default 2),
//      BENCH_CONNECTIONS (default 16), BENCH_MAX_REQUESTS (cap per target, default 20000),
//      BENCH_ONLY (comma list of target names, e.g. "main-healthz,baseline-healthz").

import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { ROOT, startDevServer } from "../scripts/lib/dev-server.mjs";
import { thousands, writeReport } from "./lib/report.mjs";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

const MAIN_PORT = 8788;
const BASELINE_PORT = 8789;
const ADMIN_TOKEN = "bench-admin-token";
// The growth plan allows 10,000 requests per (UTC-aligned) hour; every request to the growth
// target, warm-up and sanity checks included, is kept under this so none of them is refused.
const GROWTH_BUDGET = 9_000;
const GROWTH_WARMUP_CAP = 1_000;
const MAX_NON_2XX_RATIO = 0.01;

function envNumber(name, fallback, { min = 0 } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

const settings = {
  seconds: envNumber("BENCH_SECONDS", 8, { min: 1 }),
  warmupSeconds: envNumber("BENCH_WARMUP_SECONDS", 2, { min: 0 }),
  connections: Math.floor(envNumber("BENCH_CONNECTIONS", 16, { min: 1 })),
  maxRequests: Math.floor(envNumber("BENCH_MAX_REQUESTS", 20_000, { min: 1 })),
  growthBudget: GROWTH_BUDGET,
  maxNon2xxRatio: MAX_NON_2XX_RATIO,
  mainPort: MAIN_PORT,
  baselinePort: BASELINE_PORT,
  only: null,
};

/** Every target: which server, what request, what it measures. */
const TARGETS = [
  { name: "main-healthz", server: "main", method: "GET", path: "/healthz", what: "main Worker, no auth, no D1" },
  {
    name: "main-account-growth",
    server: "main",
    method: "GET",
    path: "/api/v1/account",
    key: "growth",
    what: "API-key auth (D1) + Durable Object limiter",
  },
  {
    name: "main-account-enterprise",
    server: "main",
    method: "GET",
    path: "/api/v1/account",
    key: "enterprise",
    what: "API-key auth (D1), limiter skipped",
  },
  { name: "baseline-healthz", server: "baseline", method: "GET", path: "/healthz", what: "bare Worker, no D1" },
  { name: "baseline-insert", server: "baseline", method: "POST", path: "/insert", what: "bare Worker, one D1 INSERT" },
];

if (process.env.BENCH_ONLY) {
  const wanted = process.env.BENCH_ONLY.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((name) => !TARGETS.some((t) => t.name === name));
  if (unknown.length) {
    console.error(`BENCH_ONLY: unknown target(s) ${unknown.join(", ")}; known: ${TARGETS.map((t) => t.name).join(", ")}`);
    process.exit(2);
  }
  settings.only = wanted;
}
const selected = TARGETS.filter((t) => !settings.only || settings.only.includes(t.name));

// ---------------------------------------------------------------------------------------------
// Safety: loopback only, and every server we start is stopped whatever happens.

function assertLoopback(url) {
  const { hostname } = new URL(url);
  if (hostname !== "127.0.0.1") throw new Error(`refusing to benchmark a non-loopback target: ${url}`);
  return url;
}

/** Servers started so far: { name, server, persistTo }. */
const started = [];
let aborted = false;
let currentLoad = null;

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host: "127.0.0.1", exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

async function start(name, { port, cwd }) {
  if (!(await portIsFree(port)))
    throw new Error(`port ${port} on 127.0.0.1 is in use: stop whatever listens there (for ${name}) and retry`);
  const persistTo = fs.mkdtempSync(path.join(os.tmpdir(), "leadedge-bench-"));
  const entry = { name, server: null, persistTo };
  started.push(entry);
  process.stdout.write(`starting ${name} Worker on 127.0.0.1:${port} … `);
  const t0 = Date.now();
  entry.server = await startDevServer({
    port,
    config: "wrangler.toml",
    cwd,
    persistTo,
    vars: name === "main" ? { ADMIN_TOKEN } : {},
  });
  assertLoopback(entry.server.url);
  console.log(`up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return entry.server;
}

function exited(child, ms) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return Promise.race([new Promise((resolve) => child.once("exit", () => resolve(true))), sleep(ms).then(() => false)]);
}

/** SIGTERM each started server's process group, wait for it, SIGKILL the group if it lingers. */
async function stopAll() {
  for (const entry of started.splice(0).reverse()) {
    const { server } = entry;
    if (server) {
      server.stop();
      if (!(await exited(server.child, 5_000))) {
        try {
          process.kill(-server.child.pid, "SIGKILL");
        } catch {}
        await exited(server.child, 2_000);
      }
    }
    fs.rmSync(entry.persistTo, { recursive: true, force: true });
  }
}

// Last resort if the process dies some other way: signal whatever is still running (synchronous).
process.on("exit", () => {
  for (const { server } of started) server?.stop();
});

let interrupts = 0;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    interrupts += 1;
    aborted = true;
    currentLoad?.stop();
    if (interrupts === 1) {
      console.error(`\n${signal}: stopping the benchmark and both servers …`);
    } else {
      console.error(`\n${signal} again: exiting now`);
      for (const { server } of started) server?.stop();
      process.exit(130);
    }
  });
}

function checkAborted() {
  if (aborted) throw new Error("interrupted");
}

// ---------------------------------------------------------------------------------------------
// Setup through the admin API.

async function request(url, init = {}) {
  const res = await fetch(assertLoopback(url), init);
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body, text };
}

async function createTenant(mainUrl, name, plan) {
  const res = await request(`${mainUrl}/admin/tenants`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name, plan }),
  });
  if (res.status !== 201 || typeof res.body?.api_key !== "string") {
    throw new Error(`POST /admin/tenants (${plan}) answered ${res.status}, expected 201 with api_key:\n${res.text}`);
  }
  return res.body;
}

/** One request per target before loading it, so a broken route fails loudly with its body. */
async function sanityCheck(target, url, headers) {
  const res = await request(url, { method: target.method, headers });
  if (res.status < 200 || res.status > 299) {
    throw new Error(`${target.name}: ${target.method} ${target.path} answered ${res.status}, expected 2xx:\n${res.text}`);
  }
  const notes = [];
  if (target.key) {
    const plan = res.body?.tenant?.plan;
    if (plan !== target.key)
      throw new Error(`${target.name}: expected tenant plan ${target.key}, got ${JSON.stringify(plan)}:\n${res.text}`);
    const limit = res.headers.get("X-RateLimit-Limit");
    notes.push(limit ? `X-RateLimit-Limit ${limit}, remaining ${res.headers.get("X-RateLimit-Remaining")}` : "no rate-limit headers");
    if (target.key === "growth" && !limit) throw new Error(`${target.name}: no X-RateLimit-* headers, so the limiter did not run`);
    if (target.key === "enterprise" && limit) throw new Error(`${target.name}: X-RateLimit-* headers present, so the limiter ran`);
  }
  return { status: res.status, notes };
}

// ---------------------------------------------------------------------------------------------
// Load.

/** One autocannon run, bounded by both duration and a request cap. */
function load({ url, method, headers, seconds, cap }) {
  return new Promise((resolve, reject) => {
    const firstAt = Date.now();
    let lastAt = 0;
    const instance = autocannon(
      {
        url: assertLoopback(url),
        method,
        headers,
        connections: settings.connections,
        duration: seconds,
        // Not `amount`: autocannon ignores `duration` when `amount` is set.
        maxOverallRequests: cap,
        timeout: 10,
      },
      (error, result) => {
        currentLoad = null;
        if (error) return reject(error);
        result.activeSeconds = lastAt ? (lastAt - firstAt) / 1000 : 0;
        resolve(result);
      },
    );
    currentLoad = instance;
    instance.on("response", () => (lastAt = Date.now()));
  });
}

function summarize(target, result, cap) {
  const responses = Object.values(result.statusCodeStats ?? {}).reduce((n, s) => n + s.count, 0);
  const errors = result.errors ?? 0;
  const attempted = responses + errors;
  const bad = (result.non2xx ?? 0) + errors;
  // Mean rate over the run: responses / time from start to the last response. (autocannon's
  // per-second sample mean is also kept; it undercounts runs that stop mid-second at the cap.)
  const reqPerSec = result.activeSeconds > 0 ? responses / result.activeSeconds : 0;
  return {
    name: target.name,
    what: target.what,
    request: `${target.method} ${target.path}`,
    reqPerSec: round(reqPerSec, 1),
    reqPerSecSampleMean: round(result.requests.mean, 1),
    latencyMs: {
      mean: round(result.latency.mean, 2),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    responses,
    non2xx: result.non2xx ?? 0,
    errors,
    timeouts: result.timeouts ?? 0,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    seconds: round(result.activeSeconds, 2),
    cap,
    stoppedBy: responses >= cap ? "request cap" : "duration",
    failRatio: attempted ? round(bad / attempted, 4) : 1,
  };
}

function round(value, digits) {
  if (!Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// ---------------------------------------------------------------------------------------------
// Report.

function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.label.length, ...rows.map((r) => String(r[c.key] ?? "").length)));
  const line = (cells) =>
    cells.map((cell, i) => (columns[i].left ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join("  ");
  return [
    line(columns.map((c) => c.label)),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c) => r[c.key] ?? ""))),
  ].join("\n");
}

const ratio = (a, b) => (a && b ? round(a / b, 3) : null);
const fmt = (v, digits = 1) => (v === null || v === undefined ? "n/a" : Number(v).toFixed(digits));

function report(results) {
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  const baseHealth = byName["baseline-healthz"]?.reqPerSec;
  const baseInsert = byName["baseline-insert"]?.reqPerSec;
  const ratios = {};
  for (const r of results.filter((r) => r.name.startsWith("main-"))) {
    ratios[r.name] = { overBaselineHealthz: ratio(r.reqPerSec, baseHealth), overBaselineInsert: ratio(r.reqPerSec, baseInsert) };
  }
  const growth = byName["main-account-growth"];
  const enterprise = byName["main-account-enterprise"];
  const limiterAddedLatencyMs =
    growth && enterprise
      ? {
          p50: round(growth.latencyMs.p50 - enterprise.latencyMs.p50, 2),
          p99: round(growth.latencyMs.p99 - enterprise.latencyMs.p99, 2),
          mean: round(growth.latencyMs.mean - enterprise.latencyMs.mean, 2),
        }
      : null;

  const rows = results.map((r) => ({
    name: r.name,
    rps: fmt(r.reqPerSec),
    p50: fmt(r.latencyMs.p50, 0),
    p99: fmt(r.latencyMs.p99, 0),
    mean: fmt(r.latencyMs.mean, 2),
    non2xx: r.non2xx + (r.errors ? ` (+${r.errors} err)` : ""),
    total: r.responses,
    secs: `${fmt(r.seconds, 1)}${r.stoppedBy === "request cap" ? " cap" : ""}`,
    vsHealth: fmt(ratios[r.name]?.overBaselineHealthz, 3),
    vsInsert: fmt(ratios[r.name]?.overBaselineInsert, 3),
  }));
  for (const row of rows) {
    if (!row.name.startsWith("main-")) row.vsHealth = row.vsInsert = "";
  }
  console.log(
    "\n" +
      table(rows, [
        { key: "name", label: "target", left: true },
        { key: "rps", label: "req/s" },
        { key: "p50", label: "p50 ms" },
        { key: "p99", label: "p99 ms" },
        { key: "mean", label: "mean ms" },
        { key: "non2xx", label: "non-2xx" },
        { key: "total", label: "requests" },
        { key: "secs", label: "secs" },
        { key: "vsHealth", label: "÷ base healthz" },
        { key: "vsInsert", label: "÷ base insert" },
      ]),
  );
  if (limiterAddedLatencyMs) {
    console.log(
      `\nlimiter added latency (growth − enterprise): p50 ${fmt(limiterAddedLatencyMs.p50, 0)} ms, p99 ${fmt(limiterAddedLatencyMs.p99, 0)} ms, mean ${fmt(limiterAddedLatencyMs.mean, 2)} ms`,
    );
  } else {
    console.log("\nlimiter added latency: n/a (needs both main-account-growth and main-account-enterprise)");
  }
  console.log(
    `req/s = responses ÷ seconds from start to last response; ${settings.connections} connections, ≤ ${settings.seconds} s and ≤ ${settings.maxRequests} requests per target` +
      ` (growth ≤ ${GROWTH_BUDGET} in all), after a ${settings.warmupSeconds} s warm-up; "cap" = stopped by the request cap.`,
  );
  return { ratios, limiterAddedLatencyMs };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const needMain = selected.some((t) => t.server === "main");
  const needBaseline = selected.some((t) => t.server === "baseline");
  console.log(`bench: ${selected.map((t) => t.name).join(", ")} (node ${process.version}, ${os.cpus().length} CPUs)`);

  const urls = {};
  const keys = {};
  if (needMain) {
    urls.main = (await start("main", { port: MAIN_PORT, cwd: ROOT })).url;
    checkAborted();
    if (selected.some((t) => t.key === "enterprise")) keys.enterprise = (await createTenant(urls.main, "Bench", "enterprise")).api_key;
    if (selected.some((t) => t.key === "growth")) keys.growth = (await createTenant(urls.main, "Bench Growth", "growth")).api_key;
  }
  checkAborted();
  if (needBaseline) urls.baseline = (await start("baseline", { port: BASELINE_PORT, cwd: path.join(BENCH_DIR, "baseline") })).url;

  const results = [];
  for (const target of selected) {
    checkAborted();
    const url = assertLoopback(`${urls[target.server]}${target.path}`);
    const headers = target.key ? { Authorization: `Bearer ${keys[target.key]}` } : {};
    const check = await sanityCheck(target, url, headers);
    let budget = target.key === "growth" ? GROWTH_BUDGET - 1 : Infinity;

    process.stdout.write(
      `${target.name}: ${target.method} ${target.path} → ${check.status}${check.notes.length ? ` (${check.notes.join("; ")})` : ""}; `,
    );
    if (settings.warmupSeconds > 0) {
      process.stdout.write(`warm-up ${settings.warmupSeconds} s … `);
      const warm = await load({
        url,
        method: target.method,
        headers,
        seconds: settings.warmupSeconds,
        cap: Math.min(target.key === "growth" ? GROWTH_WARMUP_CAP : settings.maxRequests, budget),
      });
      budget -= warm.requests.total + warm.errors;
      checkAborted();
    }
    const cap = Math.min(settings.maxRequests, budget);
    process.stdout.write(`measuring ≤ ${settings.seconds} s / ≤ ${cap} requests … `);
    const summary = summarize(target, await load({ url, method: target.method, headers, seconds: settings.seconds, cap }), cap);
    checkAborted();
    results.push(summary);
    console.log(`${summary.reqPerSec} req/s, non-2xx ${summary.non2xx}`);
  }

  const { ratios, limiterAddedLatencyMs } = report(results);

  const failures = results
    .filter((r) => r.responses === 0 || r.failRatio > MAX_NON_2XX_RATIO)
    .map(
      (r) =>
        `${r.name}: ${r.non2xx} non-2xx and ${r.errors} errors out of ${r.responses + r.errors} (${(r.failRatio * 100).toFixed(2)}% > ${MAX_NON_2XX_RATIO * 100}%); status codes ${JSON.stringify(r.statusCodes)}`,
    );

  const output = {
    date: new Date().toISOString(),
    ok: failures.length === 0,
    failures,
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      wrangler: readVersion("wrangler"),
      autocannon: readVersion("autocannon"),
    },
    settings,
    targets: results,
    ratios,
    limiterAddedLatencyMs,
  };
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  const line = (r) => (r ? `${thousands(r.reqPerSec)} req/s, p50 ${r.latencyMs.p50} ms` : "not measured");
  const bare = `bare /healthz: ${line(byName["baseline-healthz"])}`;
  writeReport(
    "platform",
    [
      { benchmark: "`GET /healthz` (every platform middleware)", result: line(byName["main-healthz"]), baseline: bare },
      {
        benchmark: "`GET /api/v1/account` (API-key auth and the rate limiter's Durable Object)",
        result: line(byName["main-account-growth"]),
        baseline: `bare one-row insert: ${line(byName["baseline-insert"])}`,
      },
    ],
    output,
  );

  if (failures.length) {
    console.error(`\nFAILED: more than ${MAX_NON_2XX_RATIO * 100}% non-2xx responses or errors:\n  ${failures.join("\n  ")}`);
    return 1;
  }
  return 0;
}

function readVersion(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.message : error}`);
  exitCode = aborted ? 130 : 1;
} finally {
  await stopAll();
}
process.exit(exitCode);

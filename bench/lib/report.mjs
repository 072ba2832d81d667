// What every benchmark leaves for `npm run bench` to gather: its rows, each figure beside the
// baseline measured in the same run, and its raw numbers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startDevServer } from "../../scripts/lib/dev-server.mjs";

// A check run (`npm run bench -- --check`) writes elsewhere, so the kept reports stay as measured.
export const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(ROOT, "bench", "results");

/**
 * `rows`: [{ benchmark, result, baseline }], the two as short display strings ("93 req/s, p50
 * 168 ms"; "bare one-row insert: 555 req/s, p50 26 ms"). `details`: every figure, as measured.
 */
export function writeReport(name, rows, details) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const report = { name, date: new Date().toISOString(), rows, details };
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
export const thousands = (x) => Math.round(x).toLocaleString("en-US");

/** Median wall time of `rounds` sequential calls of `request` (a function returning a fetch promise). */
export async function medianMs(rounds, request) {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const response = await request(i);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
    samples.push(performance.now() - started);
  }
  return round(median(samples));
}

/**
 * The bare baseline Worker (bench/baseline) under `wrangler dev` on `port`: the median of 20
 * sequential GET /healthz and of 20 one-row inserts, for benchmarks timed request by request.
 */
export async function bareBaseline(port) {
  const state = mkdtempSync(join(tmpdir(), "leadedge-baseline-"));
  const base = await startDevServer({ port, persistTo: state, cwd: join(ROOT, "bench", "baseline") });
  try {
    const healthz = await medianMs(20, () => fetch(`${base.url}/healthz`));
    const insert = await medianMs(20, () => fetch(`${base.url}/insert`, { method: "POST" }));
    return { healthz_ms: healthz, insert_ms: insert, text: `bare /healthz ${healthz} ms; bare one-row insert ${insert} ms` };
  } finally {
    base.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

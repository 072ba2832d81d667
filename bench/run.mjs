// `npm run bench`: every speed benchmark in bench/, one after another, each against `wrangler dev`
// on 127.0.0.1 beside baselines measured in the same run (the bare Worker's /healthz and one-row
// insert). Gathers their reports (bench/results/<name>.json) into bench/results.json and the
// table between the bench markers in README.md.
//
// `npm run bench -- intake analyze` runs only those; the others keep their last report.
// `npm run bench -- --check` (CI) runs every benchmark small and quick, into a scratch folder, to
// prove they still run to the end; its figures mean nothing and are not kept.
// Env: BENCH_TIMEOUT_MINUTES (per benchmark, default 20), and each benchmark's own settings.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { ROOT } from "../scripts/lib/dev-server.mjs";
import { RESULTS_DIR } from "./lib/report.mjs";

const BENCHMARKS = [
  { name: "platform", script: "platform.mjs" },
  { name: "intake", script: "intake.mjs" },
  { name: "analyze", script: "analyze.mjs" },
  { name: "analytics", script: "analytics-1m.mjs" },
  { name: "lead-generation", script: "lead-generation.mjs" },
  { name: "playground", script: "playground.mjs" },
  { name: "email", script: "email.mjs" },
  { name: "sequences", script: "sequences.mjs" },
];
const README = join(ROOT, "README.md");
const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 20) * 60_000;
// Small enough for CI, large enough that every benchmark still does all its kinds of work.
const CHECK_SETTINGS = {
  BENCH_SECONDS: "2",
  BENCH_WARMUP_SECONDS: "0",
  BENCH_CONNECTIONS: "4",
  BENCH_MAX_REQUESTS: "400",
  BENCH_LEADS: "20000",
  BENCH_ROUNDS: "3",
  BENCH_COMMANDS: "1",
  BENCH_RUNS: "1",
  BENCH_MESSAGES: "40",
  BENCH_ENROLLMENTS: "20",
};

const check = process.argv.includes("--check");
const wanted = process.argv.slice(2).filter((arg) => arg !== "--check");
const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s) ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

const scratch = check ? mkdtempSync(join(os.tmpdir(), "leadedge-bench-check-")) : null;
const childEnv = check ? { ...process.env, ...CHECK_SETTINGS, BENCH_RESULTS_DIR: scratch } : process.env;
const failures = [];
for (const benchmark of BENCHMARKS.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  console.log(`\n=== ${benchmark.name} (bench/${benchmark.script})${check ? ", check run" : ""}`);
  const started = Date.now();
  // The child's own `finally` stops its servers; the timeout (SIGTERM) is the backstop.
  const run = spawnSync(process.execPath, [join(ROOT, "bench", benchmark.script)], {
    cwd: ROOT,
    stdio: "inherit",
    env: childEnv,
    timeout: TIMEOUT_MS,
    killSignal: "SIGTERM",
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0)
    failures.push(`${benchmark.name}: ${run.error ? run.error.message : `exit ${run.status ?? run.signal}`} after ${seconds} s`);
  else console.log(`=== ${benchmark.name} done in ${seconds} s`);
}

if (check) {
  rmSync(scratch, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(`\nFAILED:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log("\nbench check: every benchmark ran to the end (figures not kept)");
  process.exit(0);
}

const readVersion = (pkg) => JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
const reports = BENCHMARKS.map((b) => join(RESULTS_DIR, `${b.name}.json`))
  .filter(existsSync)
  .map((file) => JSON.parse(readFileSync(file, "utf8")));
// The reports of benchmarks not run this time are kept, and so are their failures.
const resultsFile = join(ROOT, "bench", "results.json");
const ran = new Set(BENCHMARKS.filter((b) => wanted.length === 0 || wanted.includes(b.name)).map((b) => b.name));
const earlierFailures = existsSync(resultsFile)
  ? JSON.parse(readFileSync(resultsFile, "utf8")).failures.filter((f) => !ran.has(f.split(":")[0]))
  : [];
const results = {
  date: new Date().toISOString(),
  environment: {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    wrangler: readVersion("wrangler"),
    autocannon: readVersion("autocannon"),
  },
  failures: [...earlierFailures, ...failures],
  benchmarks: Object.fromEntries(reports.map((r) => [r.name, r])),
};
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

const cell = (text) => String(text).replace(/\|/g, "\\|");
const table = [
  "| benchmark | result | baseline from the same run | measured |",
  "| --- | --- | --- | --- |",
  ...reports.flatMap((r) =>
    r.rows.map((row) => `| ${cell(row.benchmark)} | ${cell(row.result)} | ${cell(row.baseline)} | ${r.date.slice(0, 10)} |`),
  ),
].join("\n");
const readme = readFileSync(README, "utf8");
const [before, rest] = readme.split(START);
if (rest === undefined || !rest.includes(END)) throw new Error(`README.md has no ${START} … ${END} section`);
writeFileSync(README, `${before}${START}\n${table}\n${END}${rest.slice(rest.indexOf(END) + END.length)}`);
console.log(`\n${table}\n\nwrote bench/results.json and the README table`);

if (failures.length > 0) {
  console.error(`\nFAILED:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}

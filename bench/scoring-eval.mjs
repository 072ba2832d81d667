// `npm run bench:scoring-eval [-- file.csv outcome_column positive_value]`: how well lead scoring
// predicts on real data, through the real API under `wrangler dev` on loopback.
// The CSV's rows are taken in file order (oldest first). The older part goes through
// POST /v1/leads/analyze and POST /v1/leads/outcomes; a model is trained (POST /v1/models/train);
// the newer part is scored by the prior (before training) and by the trained model (after), and
// both are judged on its real outcomes: AUC, Brier score, log loss and a 10-bin calibration table.
// Then the newer part's outcomes are recorded, 1,000 at a time, and the scoring model's live
// figures (its latest 500 outcomes beside the prior's) read back after each: `live_monitor`.
// Default data: UCI Bank Marketing (shared/data), without `duration`, which leaks the outcome.
// Env: EVAL_LIMIT (rows, evenly spaced over the file; default all), EVAL_TRAIN_SHARE (default 0.7),
//      EVAL_EXCLUDE (comma list of columns to leave out; default "duration"), BENCH_PORT (default 8796).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { ROOT, startDevServer } from "../scripts/lib/dev-server.mjs";

const [file = join(ROOT, "..", "shared", "data", "bank-marketing", "bank-additional-full.csv"), outcome = "y", positive = "yes"] =
  process.argv.slice(2);
const exclude = new Set((process.env.EVAL_EXCLUDE ?? "duration").split(",").filter(Boolean));
const ADMIN = "eval-admin-token";

const parsed = Papa.parse(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true, dynamicTyping: true });
let rows = parsed.data;
const limit = Number(process.env.EVAL_LIMIT ?? rows.length);
if (limit < rows.length) rows = Array.from({ length: limit }, (_, i) => rows[Math.floor((i * rows.length) / limit)]);
const cut = Math.floor(rows.length * Number(process.env.EVAL_TRAIN_SHARE ?? 0.7));
const toLead = (row, i) => ({
  email: `row${i}@eval.example`,
  custom_fields: Object.fromEntries(Object.entries(row).filter(([k]) => k !== outcome && !exclude.has(k))),
});
const label = (row) => (String(row[outcome]).trim().toLowerCase() === String(positive).toLowerCase() ? 1 : 0);

// The same definitions as src/domain/scoring/metrics.ts, so the script needs no TypeScript.
function auc(p, y) {
  const order = p.map((v, i) => [v, y[i]]).sort((a, b) => a[0] - b[0]);
  let rank = 0,
    pos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    for (let k = i; k < j; k++)
      if (order[k][1]) {
        rank += (i + 1 + j) / 2;
        pos++;
      }
    i = j;
  }
  return (rank - (pos * (pos + 1)) / 2) / (pos * (order.length - pos));
}
const brier = (p, y) => p.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / p.length;
const logLoss = (p, y) => -p.reduce((s, v, i) => s + Math.log(Math.min(1 - 1e-15, Math.max(1e-15, y[i] ? v : 1 - v))), 0) / p.length;
function calibration(p, y) {
  const bins = Array.from({ length: 10 }, (_, b) => ({ bin: `${b / 10}-${(b + 1) / 10}`, count: 0, predicted: 0, observed: 0 }));
  p.forEach((v, i) => {
    const b = bins[Math.min(9, Math.floor(v * 10))];
    b.count++;
    b.predicted += v;
    b.observed += y[i];
  });
  return bins.map((b) => ({
    bin: b.bin,
    count: b.count,
    mean_predicted: b.count ? +(b.predicted / b.count).toFixed(3) : 0,
    observed_rate: b.count ? +(b.observed / b.count).toFixed(3) : 0,
  }));
}

const state = mkdtempSync(join(tmpdir(), "leadedge-eval-"));
const server = await startDevServer({ port: Number(process.env.BENCH_PORT ?? 8796), persistTo: state, vars: { ADMIN_TOKEN: ADMIN } });
try {
  const post = async (path, body, key) => {
    const res = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  const { api_key: key } = await post("/admin/tenants", { name: "Eval", plan: "enterprise" }, ADMIN);
  const analyze = async (part, offset) => {
    const out = [];
    for (let i = 0; i < part.length; i += 1000)
      out.push(
        ...(await post("/v1/leads/analyze", { leads: part.slice(i, i + 1000).map((r, j) => toLead(r, offset + i + j)) }, key)).data.leads,
      );
    return out;
  };
  const [train, test] = [rows.slice(0, cut), rows.slice(cut)];
  const testLabels = test.map(label);
  const started = Date.now();
  const trained = await analyze(train, 0);
  // The prior's predictions first, before any outcome exists: outcomes start automatic training.
  const prior = (await analyze(test, cut)).map((l) => l.conversion_probability);
  for (let i = 0; i < trained.length; i += 1000) {
    await post(
      "/v1/leads/outcomes",
      { outcomes: trained.slice(i, i + 1000).map((l, j) => ({ lead_id: l.id, converted: label(train[i + j]) === 1 })) },
      key,
    );
  }
  const models = async () => (await (await fetch(`${server.url}/v1/models`, { headers: { Authorization: `Bearer ${key}` } })).json()).data;
  const settle = async () => {
    for (let waited = 0; waited < 600_000 && (await models()).some((m) => m.status === "training"); waited += 1000)
      await new Promise((r) => setTimeout(r, 1000));
  };
  await settle();
  const { data: job } = await post("/v1/models/train", undefined, key);
  await settle();
  const model = (await models()).find((m) => m.id === job.id);
  const scored = await analyze(test, cut);
  const probabilities = scored.map((l) => l.conversion_probability);
  const judge = (p) => ({
    auc: +auc(p, testLabels).toFixed(4),
    brier: +brier(p, testLabels).toFixed(4),
    log_loss: +logLoss(p, testLabels).toFixed(4),
  });
  // The newer part's outcomes, recorded after the model scored it: the live monitor's test.
  const live = [];
  for (let i = 0; i < scored.length; i += 1000) {
    await post(
      "/v1/leads/outcomes",
      { outcomes: scored.slice(i, i + 1000).map((l, j) => ({ lead_id: l.id, converted: testLabels[i + j] === 1 })) },
      key,
    );
    const watched = (
      await (await fetch(`${server.url}/v1/models/${scored[0].model.id}`, { headers: { Authorization: `Bearer ${key}` } })).json()
    ).data;
    live.push({
      outcomes: i + Math.min(1000, scored.length - i),
      status: watched.status,
      model: watched.live?.model,
      prior: watched.live?.prior,
    });
    if (watched.status !== "active") break;
  }
  const report = {
    date: new Date().toISOString(),
    data: file.split("/").slice(-2).join("/"),
    rows: rows.length,
    train: { rows: train.length, positive_rate: +(train.map(label).reduce((a, b) => a + b, 0) / train.length).toFixed(4) },
    test: { rows: test.length, positive_rate: +(testLabels.reduce((a, b) => a + b, 0) / test.length).toFixed(4) },
    excluded: [...exclude],
    automatic_trainings: (await models()).length - 1,
    model: {
      id: model.id,
      status: model.status,
      reason: model.reason,
      folds: model.metrics?.folds?.map((f) => ({
        fold: f.fold,
        positive_rate: f.positive_rate,
        model: f.model,
        prior: f.prior,
        ...(f.active ? { active: f.active } : {}),
      })),
      calibration: model.metrics?.calibration,
    },
    models: (await models()).map((m) => ({ version: m.version, status: m.status, reason: m.reason })),
    scored_by: scored[0]?.model,
    newer_part: { prior: judge(prior), model: judge(probabilities) },
    calibration_on_newer_part: calibration(probabilities, testLabels),
    live_monitor: live,
    seconds: (Date.now() - started) / 1000,
  };
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(join(ROOT, "bench", "scoring-eval-results.json"), JSON.stringify(report, null, 2));
} finally {
  server.stop();
  rmSync(state, { recursive: true, force: true });
}

import { describe, expect, it } from "vitest";
import { dimension, featurize, type LeadRecord, learnFeatureSpec } from "../../src/domain/scoring/features";
import { contributions, logOdds, sigmoid, trainLogistic } from "../../src/domain/scoring/logistic";
import { auc, brier, calibrationTable, logLoss } from "../../src/domain/scoring/metrics";
import { trainScoringModel } from "../../src/domain/scoring/train";

const NOW = new Date("2025-06-01T00:00:00Z");
const DAY = 86_400_000;

/** mulberry32, so every run sees the same synthetic tenant. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const COLORS = ["teal", "orange", "red", "blue", "green"] as const;
const WORDS = ["please", "call", "me", "about", "pricing", "demo", "next", "week", "budget", "approved", "just", "browsing"];

/**
 * A tenant whose conversions depend on a numeric custom field (`seats_requested`, sometimes a
 * numeric string, sometimes missing), a categorical one nobody anticipated (`favourite_color`),
 * how recently the lead last interacted, and a business email; plus `extra` pure-noise fields.
 */
function syntheticLeads(count: number, seed: number, extra = 4): { records: LeadRecord[]; labels: (0 | 1)[]; truth: number[] } {
  const random = prng(seed);
  const records: LeadRecord[] = [];
  const labels: (0 | 1)[] = [];
  const truth: number[] = [];
  for (let i = 0; i < count; i++) {
    const seats = Math.round(Math.exp(2 + gaussian(random)));
    const color = pick(random, COLORS);
    const daysAgo = Math.floor(random() * 60);
    const business = random() < 0.5;
    const record: LeadRecord = {
      id: `lead_${i}`,
      email: `person${i}@${business ? `company${i % 50}.com` : pick(random, ["gmail.com", "yahoo.com"])}`,
      name: `Person ${i}`,
      seats_requested: random() < 0.1 ? null : random() < 0.3 ? String(seats) : seats,
      favourite_color: color,
      last_interaction: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
      newsletter: random() < 0.5,
      notes: Array.from({ length: 4 + Math.floor(random() * 6) }, () => pick(random, WORDS)).join(" "),
    };
    for (let k = 0; k < extra; k++) record[`noise_${k}`] = k % 2 === 0 ? gaussian(random) : pick(random, ["a", "b", "c", "d"]);
    const logit =
      -1.2 +
      0.9 * Math.log(seats / 7.4) +
      (color === "teal" ? 1.8 : color === "orange" ? -1.5 : 0) -
      0.05 * (daysAgo - 30) +
      (business ? 0.8 : -0.4);
    records.push(record);
    truth.push(logit);
    labels.push(random() < sigmoid(logit) ? 1 : 0);
  }
  return { records, labels, truth };
}

function train(records: LeadRecord[], labels: (0 | 1)[]) {
  const spec = learnFeatureSpec(records, NOW);
  const model = trainLogistic(
    records.map((r) => featurize(spec, r, NOW)),
    labels,
    dimension(spec),
    { seed: 7 },
  );
  return { spec, model };
}

/** Lets the clock move: workerd only advances Date.now() across I/O, timers included. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("a model trained on a tenant's own leads", () => {
  const { records, labels, truth } = syntheticLeads(6000, 42);
  const [trainRecords, trainLabels] = [records.slice(0, 4000), labels.slice(0, 4000)];
  const [holdoutRecords, holdoutLabels] = [records.slice(4000), labels.slice(4000)];
  const { spec, model } = train(trainRecords, trainLabels);
  const holdoutLogits = holdoutRecords.map((r) => logOdds(model, featurize(spec, r, NOW)));
  const probabilities = holdoutLogits.map(sigmoid);

  it("classifies every kind of attribute, identifying fields excluded", () => {
    expect(spec.numeric.map((f) => f.name)).toEqual(["last_interaction:days_since", "noise_0", "noise_2", "seats_requested"]);
    expect(spec.dates).toEqual(["last_interaction"]);
    expect(spec.categorical).toEqual(["email_domain_type", "favourite_color", "newsletter", "noise_1", "noise_3"]);
    expect(spec.text).toEqual(["notes"]);
    expect(Object.values(spec.vocabulary)).toContain("favourite_color=teal");
  });

  it("ranks the holdout well, far better than a constant model", () => {
    const holdoutAuc = auc(probabilities, holdoutLabels);
    const oracleAuc = auc(truth.slice(4000).map(sigmoid), holdoutLabels);
    console.log(`synthetic holdout AUC ${holdoutAuc.toFixed(4)} (the true probabilities reach ${oracleAuc.toFixed(4)})`);
    expect(holdoutAuc).toBeGreaterThan(0.8);
    // Within reach of the truth; the rest is seats entering linearly where the truth is logarithmic.
    expect(holdoutAuc).toBeGreaterThan(oracleAuc - 0.03);
    const rate = trainLabels.filter((y) => y === 1).length / trainLabels.length;
    const constant = holdoutLabels.map(() => rate);
    expect(auc(constant, holdoutLabels)).toBe(0.5);
    expect(logLoss(probabilities, holdoutLabels)).toBeLessThan(logLoss(constant, holdoutLabels));
    expect(brier(probabilities, holdoutLabels)).toBeLessThan(brier(constant, holdoutLabels));
  });

  it("learns the signs of the planted signal", () => {
    const weightOf = (label: string) => {
      const row = featurize(spec, { ...trainRecords[0], favourite_color: label.split("=")[1] }, NOW);
      return contributions(model, row).find((c) => c.label === label)!.effect;
    };
    expect(weightOf("favourite_color=teal")).toBeGreaterThan(0.5);
    expect(weightOf("favourite_color=orange")).toBeLessThan(-0.5);
  });

  it("explains each score exactly: bias plus contributions is the log-odds", () => {
    for (const record of holdoutRecords.slice(0, 50)) {
      const row = featurize(spec, record, NOW);
      const parts = contributions(model, row);
      expect(parts.map((p) => p.source)).toEqual(row.sources);
      expect(model.bias + parts.reduce((sum, p) => sum + p.effect, 0)).toBeCloseTo(logOdds(model, row), 9);
    }
  });

  it("trains the same model from the same leads and seed", () => {
    expect(train(trainRecords, trainLabels).model).toEqual(model);
  });
});

describe("metrics", () => {
  it("computes AUC by rank, ties counting half", () => {
    expect(auc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(auc([0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0])).toBe(0.5);
    expect(auc([0.1, 0.9], [0, 1])).toBe(1);
    expect(auc([0.9, 0.1], [0, 1])).toBe(0);
    expect(auc([0.2, 0.5, 0.5, 0.8], [0, 1, 0, 1])).toBe(0.875);
    expect(auc([0.2, 0.4], [1, 1])).toBeNaN();
  });

  it("computes the Brier score and the clipped log loss", () => {
    expect(brier([0.8, 0.3], [1, 0])).toBeCloseTo(0.065, 12);
    expect(logLoss([0.8, 0.3], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-15), 9);
    expect(logLoss([1], [0])).toBeLessThan(35);
    expect(() => brier([0.1], [])).toThrow();
  });

  it("bins predictions into equal-width bins, keeping empty ones", () => {
    const table = calibrationTable([0.05, 0.15, 0.12, 0.95, 1], [0, 1, 0, 1, 1]);
    expect(table).toHaveLength(10);
    expect(table.map((b) => b.count)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(table[0]).toEqual({ bin: 0, lower: 0, upper: 0.1, count: 1, mean_predicted: 0.05, observed_rate: 0 });
    expect(table[1]!.mean_predicted).toBeCloseTo(0.135, 12);
    expect(table[1]!.observed_rate).toBe(0.5);
    expect(table[5]).toEqual({ bin: 5, lower: 0.5, upper: 0.6, count: 0, mean_predicted: 0, observed_rate: 0 });
    expect(table[9]).toMatchObject({ count: 2, mean_predicted: 0.975, observed_rate: 1 });
    expect(calibrationTable([0.1, 0.6], [0, 1], 2).map((b) => [b.lower, b.upper, b.count])).toEqual([
      [0, 0.5, 1],
      [0.5, 1, 1],
    ]);
  });
});

describe("featurize", () => {
  const records: LeadRecord[] = [
    {
      email: "a@acme.com",
      employees: 10,
      industry: "Technology",
      vip: true,
      signed_up: "2025-05-01T00:00:00Z",
      crm_notes: "asked about the enterprise plan twice",
    },
    {
      email: "b@gmail.com",
      employees: "30",
      industry: "retail",
      vip: false,
      signed_up: "2025-05-21",
      crm_notes: "no reply to the last three emails",
    },
    { email: null, employees: 20, industry: "Retail", vip: false, signed_up: null, phone: "+15125550100" },
  ];
  const spec = learnFeatureSpec(records, NOW, { buckets: 64 });
  const entries = (record: LeadRecord) => {
    const row = featurize(spec, record, NOW);
    return Object.fromEntries(
      row.labels.map((label, i) => [label, { index: row.indices[i]!, value: row.values[i]!, source: row.sources[i]! }]),
    );
  };

  it("learns the spec from whatever the records carry", () => {
    expect(spec.numeric).toEqual([
      { name: "employees", mean: 20, std: Math.sqrt(200 / 3) },
      { name: "signed_up:days_since", mean: 21, std: 10 },
    ]);
    expect(spec.dates).toEqual(["signed_up"]);
    expect(spec.categorical).toEqual(["email_domain_type", "industry", "vip"]);
    expect(spec.text).toEqual(["crm_notes"]);
    expect(dimension(spec)).toBe(2 * 2 + 64);
  });

  it("reads numeric strings as numbers and clips outliers", () => {
    expect(entries({ employees: "30" }).employees).toEqual(entries({ employees: 30 }).employees);
    expect(entries({ employees: 30 }).employees!.value).toBeCloseTo(10 / Math.sqrt(200 / 3), 12);
    expect(entries({ employees: 1e9 }).employees!.value).toBe(8);
  });

  it("marks missing values with an indicator", () => {
    const row = entries({ employees: null, industry: "  ", signed_up: "not a date" });
    expect(row["employees:missing"]).toEqual({ index: 1, value: 1, source: "employees" });
    expect(row["signed_up:missing"]).toEqual({ index: 3, value: 1, source: "signed_up" });
    expect(row["industry:missing"]?.value).toBe(1);
    expect(row["crm_notes:missing"]?.value).toBe(1);
    expect(row["email_domain_type=missing"]?.value).toBe(1);
    expect(row.employees).toBeUndefined();
  });

  it("one-hots booleans, lowercased categories and new categories seen only at scoring time", () => {
    const row = entries({ email: "x@Yahoo.com", industry: "Aerospace", vip: true, signed_up: "2025-05-31T00:00:00Z" });
    expect(row["vip=true"]).toMatchObject({ value: 1, source: "vip" });
    expect(row["email_domain_type=free"]).toMatchObject({ value: 1, source: "email_domain_type" });
    expect(row["industry=aerospace"]!.index).toBeGreaterThanOrEqual(4);
    expect(row["industry=aerospace"]!.index).toBeLessThan(dimension(spec));
    expect(row["signed_up:days_since"]!.value).toBeCloseTo(-2, 12);
    expect(entries({ industry: "RETAIL" })["industry=retail"]).toEqual(entries({ industry: "retail" })["industry=retail"]);
    expect(entries({ email: "ceo@acme.io" })["email_domain_type=business"]).toBeDefined();
  });

  it("tokenises long text and never uses identifying fields", () => {
    const row = featurize(spec, { ...records[0], phone: "+15125550100", id: "lead_1", name: "Ada" }, NOW);
    expect(row.labels).toContain("crm_notes~enterprise");
    expect(row.sources.filter((s) => ["email", "phone", "id", "name"].includes(s))).toEqual([]);
    expect(row.labels.some((l) => l.includes("acme"))).toBe(false);
  });

  it("honours extra exclusions", () => {
    expect(learnFeatureSpec(records, NOW, { exclude: ["industry", "email_domain_type"] }).categorical).toEqual(["vip"]);
  });
});

describe("training at tenant scale", () => {
  // The time is printed for the record, not asserted: speed goals live in bench/, not in unit tests.
  it("fits 10,000 leads × 50 attributes", async () => {
    const { records, labels } = syntheticLeads(10_000, 9, 43);
    expect(Object.keys(records[0]!)).toHaveLength(51);
    await tick();
    const started = Date.now();
    const { spec, model } = train(records, labels);
    await tick();
    const elapsed = Date.now() - started;
    console.log(
      `10,000 leads × ${Object.keys(records[0]!).length} attributes (dimension ${dimension(spec)}): spec + featurize + train in ${elapsed} ms`,
    );
    expect(model.weights).toHaveLength(dimension(spec));

    // What a training Workflow step runs: four rolling-origin folds, then the fit on every lead.
    const labelled = records.map((attributes, i) => {
      const at = new Date(NOW.getTime() - (10_000 - i) * 60_000).toISOString();
      return { attributes, converted: labels[i]!, value: null, createdAt: at, outcomeAt: at };
    });
    await tick();
    const began = Date.now();
    const report = trainScoringModel(labelled, NOW, 50);
    await tick();
    console.log(`10,000 leads × 51 attributes: rolling-origin validation (4 folds) + final fit in ${Date.now() - began} ms`);
    expect(report.status).toBe("active");
  });
});

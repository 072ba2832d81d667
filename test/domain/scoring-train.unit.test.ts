import { describe, expect, it } from "vitest";
import { featurize } from "../../src/domain/scoring/features";
import { DEMOTION_RULE, demotionReason, LIVE_WINDOW, type LiveObservation, updateMonitor } from "../../src/domain/scoring/live-monitor";
import { logOdds, sigmoid } from "../../src/domain/scoring/logistic";
import { brier } from "../../src/domain/scoring/metrics";
import { type LabelledLead, trainScoringModel } from "../../src/domain/scoring/train";

const NOW = new Date("2026-06-01T00:00:00Z");

/** mulberry32, so every run sees the same leads. */
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

/**
 * Leads in time order whose conversion follows `seats` and `plan`; from `flipAt` on (a share of
 * the leads) the effect of `seats` is reversed, and the base rate is `rate(i / n)` at lead i.
 */
function leads(n: number, seed: number, options: { flipAt?: number; intercept?: (share: number) => number } = {}): LabelledLead[] {
  const random = prng(seed);
  const { flipAt = 2, intercept = () => -1.5 } = options;
  return Array.from({ length: n }, (_, i) => {
    const seats = Math.floor(random() * 100);
    const plan = random() < 0.5 ? "pro" : "basic";
    const direction = i / n >= flipAt ? -1 : 1;
    const z = intercept(i / n) + direction * 0.04 * (seats - 50) + (plan === "pro" ? 0.8 : -0.8);
    const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    return {
      attributes: { email: `p${i}@corp.example`, seats, plan },
      converted: random() < sigmoid(z) ? 1 : 0,
      value: null,
      createdAt: at,
      outcomeAt: at,
    };
  });
}

describe("rolling-origin validation", () => {
  it("records every fold's figures beside the prior's and promotes a model that holds up", () => {
    const report = trainScoringModel(leads(2000, 1), NOW, 50);
    expect(report).toMatchObject({ status: "active", reason: null, samples: { labelled: 2000, train: 2000, folds: 4 } });
    const folds = report.metrics.folds as any[];
    expect(folds.map((f) => [f.fold, f.train, f.validation])).toEqual([
      [1, 1200, 200],
      [2, 1400, 200],
      [3, 1600, 200],
      [4, 1800, 200],
    ]);
    for (const fold of folds) {
      expect(Object.keys(fold.model)).toEqual(["auc", "brier", "log_loss"]);
      expect(fold.model.auc).toBeGreaterThan(0.75);
      expect(fold.prior.auc).toBe(0.5);
    }
  });

  it("refuses a model that wins on average but loses in the newest regime", () => {
    // The effect of seats reverses for the newest 10 %: three folds of four still look fine.
    const report = trainScoringModel(leads(2000, 2, { flipAt: 0.9 }), NOW, 50);
    const folds = report.metrics.folds as any[];
    expect(folds.slice(0, 3).every((f) => f.model.auc > 0.75)).toBe(true);
    expect(report.metrics.validation).toMatchObject({ auc: expect.any(Number) });
    expect((report.metrics.validation as any).auc).toBeGreaterThan(0.6);
    expect(report.status).toBe("rejected");
    expect(report.reason).toMatch(/^did not beat the prior on the newest fold \(AUC 0\.\d{3}/);
  });

  it("compares with the active model only on leads it never saw, and refuses a candidate that ranks them worse", () => {
    const labelled = leads(2000, 3);
    const trainedAt = labelled[1700]!.outcomeAt!;
    // An active model that ranks its unseen leads perfectly cannot be beaten.
    const truth = new Map(labelled.map((l) => [l.attributes.email, l.converted]));
    const perfect = {
      id: "model_perfect",
      version: 3,
      trainedAt,
      probability: (lead: Record<string, unknown>) => (truth.get(lead.email) === 1 ? 0.9 : 0.1),
    };
    const against = trainScoringModel(labelled, NOW, 50, perfect);
    const folds = against.metrics.folds as any[];
    expect(folds[3].active).toMatchObject({ id: "model_perfect", leads: 200, figures: { auc: 1 } });
    // Fold 3's slice (leads 1600–1799) holds 99 the active model never saw; fold 2's, none.
    expect(folds[2].active).toMatchObject({ leads: 99 });
    expect(folds[1].active).toBeUndefined();
    expect(against.metrics.compared_with).toEqual({ id: "model_perfect", version: 3 });
    expect(against.status).toBe("rejected");
    expect(against.reason).toMatch(/^did not beat the active model on the 200 newest leads it never saw \(AUC 0\.\d{3}.* vs AUC 1\.000/);

    // An active model that ranks at random is beaten.
    const random = prng(9);
    const coin = trainScoringModel(labelled, NOW, 50, { ...perfect, id: "model_coin", probability: () => random() });
    expect(coin).toMatchObject({ status: "active", reason: null });
  });
});

describe("prior-shift recalibration", () => {
  it("moves the intercept to the base rate of the newest window and says which", () => {
    // Conversions become far commoner in the newest tenth (log-odds +2), the ranking unchanged.
    const shift = (share: number) => (share >= 0.9 ? 0.5 : -1.5);
    const labelled = leads(4000, 4, { intercept: shift });
    const report = trainScoringModel(labelled, NOW, 50);
    const calibration = report.metrics.calibration as any;
    const window = labelled.slice(3600);
    const recentRate = (window.filter((l) => l.converted === 1).length + 0.5) / 401;
    const overall = (labelled.filter((l) => l.converted === 1).length + 0.5) / 4001;
    expect(calibration).toMatchObject({ method: "prior_shift", window: { leads: 400, from: window[0]!.createdAt } });
    expect(calibration.base_rate).toBeCloseTo(recentRate, 12);
    expect(calibration.training_base_rate).toBeCloseTo(overall, 12);
    const { spec, model, platt } = report.parameters!;
    expect(platt).toEqual({ a: 1, b: Math.log(recentRate / (1 - recentRate)) - Math.log(overall / (1 - overall)) });

    // New leads of the new regime: the shifted probabilities are closer to what happens.
    const fresh = leads(2000, 5, { intercept: () => 0.5 });
    const z = fresh.map((l) => logOdds(model, featurize(spec, l.attributes, NOW)));
    const labels = fresh.map((l) => l.converted);
    const shifted = z.map((v) => sigmoid(v + platt.b));
    const unshifted = z.map(sigmoid);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(shifted) - mean(labels))).toBeLessThan(Math.abs(mean(unshifted) - mean(labels)) - 0.1);
    expect(brier(shifted, labels)).toBeLessThan(brier(unshifted, labels) - 0.02);
  });
});

describe("the live monitor", () => {
  const observe = (n: number, seed: number, good: boolean): LiveObservation[] => {
    const random = prng(seed);
    return Array.from({ length: n }, () => {
      const converted = random() < 0.4 ? 1 : 0;
      const signal = good ? converted : 1 - converted;
      return { modelId: "m", model: 0.2 + 0.5 * signal * random() + 0.1 * random(), prior: 0.3 + 0.2 * random(), converted };
    });
  };

  it("keeps the newest outcomes in a sliding window and counts every one", () => {
    const first = updateMonitor(null, observe(400, 1, true), NOW);
    const second = updateMonitor(first, observe(300, 2, true), NOW);
    expect(second.window.converted).toHaveLength(LIVE_WINDOW);
    expect(second.outcomes).toBe(700);
    expect(second.window.model.slice(0, 200)).toEqual(first.window.model.slice(200));
    expect(second.positives).toBe(second.window.converted.filter((y) => y === 1).length);
    expect(second.calibration).toHaveLength(10);
    expect(demotionReason(second)).toBeNull();
  });

  it("demotes only with enough outcomes of each class to tell, when the model ranks below the prior", () => {
    const few = updateMonitor(null, observe(40, 3, false), NOW);
    expect(Math.min(few.positives, 40 - few.positives)).toBeLessThan(30);
    expect(demotionReason(few)).toBeNull();
    const enough = updateMonitor(few, observe(200, 4, false), NOW);
    expect(enough.model!.auc!).toBeLessThan(enough.prior!.auc!);
    expect(demotionReason(enough)).toMatch(/^live AUC 0\.\d{3} below the prior's 0\.\d{3} on the 240 latest outcomes$/);
    expect(DEMOTION_RULE).toContain(`${LIVE_WINDOW}`);
  });
});

import type { TrainedParameters } from "../../db/json/scoring";
import { dimension, featurize, type LeadRecord, learnFeatureSpec } from "./features";
import { fitPlatt, logOdds, sigmoid, trainLogistic } from "./logistic";
import { auc, brier, calibrationTable, logLoss } from "./metrics";
import { priorPrediction } from "./prior";

export interface LabelledLead {
  attributes: LeadRecord;
  converted: 0 | 1;
  value: number | null;
  createdAt: string;
}

export interface TrainingReport {
  status: "active" | "rejected";
  reason: string | null;
  parameters: TrainedParameters | null;
  metrics: Record<string, unknown>;
  samples: Record<string, number>;
  dealValue: number | null;
}

/** The newest share of labelled leads, by arrival, kept out of training to judge the model. */
export const HOLDOUT_SHARE = 0.25;

const evaluate = (probabilities: number[], labels: (0 | 1)[]) => ({
  auc: auc(probabilities, labels),
  brier: brier(probabilities, labels),
  log_loss: logLoss(probabilities, labels),
});

function quantiles(values: number[], count = 101): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from({ length: count }, (_, i) => sorted[Math.min(sorted.length - 1, Math.round((i / (count - 1)) * (sorted.length - 1)))]!);
}

/**
 * Trains a tenant's logistic model on its own labelled leads, every attribute included; holds out
 * the newest quarter by time; calibrates with Platt scaling on the holdout (cross-fitted halves for
 * the reported figures, so they are not judged on what they were fitted to); and promotes it only
 * when it beats the prior model on the holdout in AUC and log loss.
 */
export function trainScoringModel(labelled: LabelledLead[], now: Date, minPerClass: number): TrainingReport {
  const positives = labelled.filter((l) => l.converted === 1).length;
  const negatives = labelled.length - positives;
  const samples = { labelled: labelled.length, positives, negatives, train: 0, holdout: 0 };
  if (positives < minPerClass || negatives < minPerClass) {
    return {
      status: "rejected",
      reason: `needs ${minPerClass} conversions and ${minPerClass} non-conversions; has ${positives} and ${negatives}`,
      parameters: null,
      metrics: {},
      samples,
      dealValue: null,
    };
  }
  const ordered = [...labelled].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const cut = Math.floor(ordered.length * (1 - HOLDOUT_SHARE));
  const [train, holdout] = [ordered.slice(0, cut), ordered.slice(cut)];
  samples.train = train.length;
  samples.holdout = holdout.length;

  const spec = learnFeatureSpec(
    train.map((l) => l.attributes),
    now,
  );
  const model = trainLogistic(
    train.map((l) => featurize(spec, l.attributes, now)),
    train.map((l) => l.converted),
    dimension(spec),
    { seed: 7 },
  );
  const holdoutLogits = holdout.map((l) => logOdds(model, featurize(spec, l.attributes, now)));
  const holdoutLabels = holdout.map((l) => l.converted);

  // Cross-fitted calibration for the figures: each half is scored with Platt fitted on the other.
  const halves = [0, 1].map((h) => holdoutLogits.map((z, i) => ({ z, y: holdoutLabels[i]!, i })).filter((p) => p.i % 2 === h));
  const crossFitted: number[] = new Array(holdout.length);
  for (const [fit, apply] of [
    [halves[0]!, halves[1]!],
    [halves[1]!, halves[0]!],
  ] as const) {
    const platt = fitPlatt(
      fit.map((p) => p.z),
      fit.map((p) => p.y),
    );
    for (const p of apply) crossFitted[p.i] = sigmoid(platt.a * p.z + platt.b);
  }
  const platt = fitPlatt(holdoutLogits, holdoutLabels);
  const priorProbabilities = holdout.map((l) => priorPrediction(l.attributes, now).probability);
  const modelFigures = { ...evaluate(crossFitted, holdoutLabels), calibration: calibrationTable(crossFitted, holdoutLabels) };
  const priorFigures = evaluate(priorProbabilities, holdoutLabels);
  const beats = modelFigures.auc > priorFigures.auc && modelFigures.log_loss < priorFigures.log_loss;

  const reference = quantiles(ordered.map((l) => platt.a * logOdds(model, featurize(spec, l.attributes, now)) + platt.b));
  const values = labelled.filter((l) => l.converted === 1 && l.value !== null).map((l) => l.value!);
  return {
    status: beats ? "active" : "rejected",
    reason: beats
      ? null
      : `did not beat the prior on the holdout (AUC ${modelFigures.auc.toFixed(3)} vs ${priorFigures.auc.toFixed(3)}, ` +
        `log loss ${modelFigures.log_loss.toFixed(3)} vs ${priorFigures.log_loss.toFixed(3)})`,
    parameters: { spec, model, platt, reference },
    metrics: { holdout: modelFigures, prior_on_holdout: priorFigures },
    samples,
    dealValue: values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null,
  };
}

/** The percentile of a calibrated log-odds in the reference population, 0–100. */
export function percentile(reference: number[], z: number): number {
  let low = 0;
  let high = reference.length - 1;
  if (z <= reference[0]!) return 0;
  if (z >= reference[high]!) return 100;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (reference[mid]! <= z) low = mid;
    else high = mid;
  }
  const span = reference[high]! - reference[low]!;
  const fraction = span > 0 ? (z - reference[low]!) / span : 0;
  return Math.round(((low + fraction) / (reference.length - 1)) * 100);
}

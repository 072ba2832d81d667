import type { TrainedParameters } from "../../db/json/scoring";
import { dimension, featurize, type LeadRecord, learnFeatureSpec } from "./features";
import { logOdds, sigmoid, trainLogistic } from "./logistic";
import { auc, brier, calibrationTable, logLoss } from "./metrics";
import { priorPrediction } from "./prior";

export interface LabelledLead {
  attributes: LeadRecord;
  converted: 0 | 1;
  value: number | null;
  createdAt: string;
  /** When the outcome was recorded: a model trained before then never saw it. */
  outcomeAt: string | null;
}

/** The model that scores now, as training compares a candidate with it. */
export interface ActiveModel {
  id: string;
  version: number;
  trainedAt: string;
  probability: (lead: LeadRecord) => number;
}

export interface TrainingReport {
  status: "active" | "rejected";
  reason: string | null;
  parameters: TrainedParameters | null;
  metrics: Record<string, unknown>;
  samples: Record<string, number>;
  dealValue: number | null;
}

/**
 * Rolling-origin validation: FOLDS time-ordered folds, each validating on the next FOLD_SHARE of
 * labelled leads a model trained on every lead before it. A candidate is promoted only when it
 * beats the prior, and the active model on the leads that model never saw, on the newest fold on
 * its own and on all folds weighted by recency (each fold back counts half the one after it): an
 * average over old regimes cannot hide a loss in the present one, and one lucky recent slice
 * cannot hide a run of losses before it.
 */
export const FOLDS = 4;
export const FOLD_SHARE = 0.1;
/** The active model is compared on a fold only with this many unseen leads of each class. */
const MIN_UNSEEN_PER_CLASS = 10;
/** The most recent labelled window the intercept is recalibrated to: the newest 10 %, at least 200 leads. */
const RECENT_WINDOW_SHARE = 0.1;
const RECENT_WINDOW_MIN = 200;

interface Figures {
  auc: number;
  brier: number;
  log_loss: number;
}

const evaluate = (probabilities: number[], labels: (0 | 1)[]): Figures => ({
  auc: auc(probabilities, labels),
  brier: brier(probabilities, labels),
  log_loss: logLoss(probabilities, labels),
});

/**
 * Ranks better (AUC), or as well with better probabilities (log loss). Ranking decides: when the
 * base rate moves between folds, a fold's log loss mostly measures the move, which the prior-shift
 * of the model kept corrects; no recalibration mends a ranking.
 */
const beats = (a: Figures, b: Figures) => a.auc > b.auc || (a.auc === b.auc && a.log_loss < b.log_loss);
const logit = (p: number) => Math.log(p / (1 - p));
const rateOf = (leads: LabelledLead[]) => (leads.reduce((sum, l) => sum + l.converted, 0) + 0.5) / (leads.length + 1);
const bothClasses = (leads: LabelledLead[]) => leads.some((l) => l.converted === 1) && leads.some((l) => l.converted === 0);

function quantiles(values: number[], count = 101): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from({ length: count }, (_, i) => sorted[Math.min(sorted.length - 1, Math.round((i / (count - 1)) * (sorted.length - 1)))]!);
}

/**
 * Fits on time-ordered leads, then moves the intercept to the base rate of the most recent window
 * (prior-shift correction, Saerens et al. 2002): when conversions become commoner or rarer, the
 * ranking holds and the probabilities follow the rate now, not the average over all time.
 */
export function fitModel(ordered: LabelledLead[], now: Date) {
  const spec = learnFeatureSpec(
    ordered.map((l) => l.attributes),
    now,
  );
  const model = trainLogistic(
    ordered.map((l) => featurize(spec, l.attributes, now)),
    ordered.map((l) => l.converted),
    dimension(spec),
    { seed: 7 },
  );
  const window = ordered.slice(-Math.max(RECENT_WINDOW_MIN, Math.ceil(ordered.length * RECENT_WINDOW_SHARE)));
  const [trainingRate, recentRate] = [rateOf(ordered), rateOf(window)];
  const platt = { a: 1, b: logit(recentRate) - logit(trainingRate) };
  const calibration = {
    method: "prior_shift",
    base_rate: recentRate,
    training_base_rate: trainingRate,
    window: { leads: window.length, from: window[0]!.createdAt, to: window.at(-1)!.createdAt },
  };
  const probability = (lead: LeadRecord) => sigmoid(platt.a * logOdds(model, featurize(spec, lead, now)) + platt.b);
  return { spec, model, platt, calibration, probability };
}

interface Fold {
  fold: number;
  train: number;
  validation: number;
  from: string | null;
  skipped?: string;
  positive_rate?: number;
  model?: Figures;
  prior?: Figures;
  /** The active model and the candidate's fold model on the leads of the slice the active model never saw. */
  active?: { id: string; leads: number; figures: Figures; model_on_same: Figures };
  probabilities: number[];
}

/** One rolling-origin fold: trained on every lead before `start`, validated on the slice after it. */
function validateFold(ordered: LabelledLead[], index: number, now: Date, active: ActiveModel | undefined): Fold {
  const start = Math.floor(ordered.length * (1 - FOLD_SHARE * (FOLDS - index)));
  const end = Math.floor(ordered.length * (1 - FOLD_SHARE * (FOLDS - index - 1)));
  const [before, slice] = [ordered.slice(0, start), ordered.slice(start, end)];
  const head = { fold: index + 1, train: before.length, validation: slice.length, from: slice[0]?.createdAt ?? null };
  if (!bothClasses(before) || !bothClasses(slice)) return { ...head, skipped: "one class only", probabilities: [] };
  const fitted = fitModel(before, now);
  const labels = slice.map((l) => l.converted);
  const probabilities = slice.map((l) => fitted.probability(l.attributes));
  const fold: Fold = {
    ...head,
    positive_rate: labels.filter((y) => y === 1).length / labels.length,
    model: evaluate(probabilities, labels),
    prior: evaluate(
      slice.map((l) => priorPrediction(l.attributes, now).probability),
      labels,
    ),
    probabilities,
  };
  const unseen = active ? slice.flatMap((l, i) => (l.outcomeAt !== null && l.outcomeAt > active.trainedAt ? [i] : [])) : [];
  const unseenLabels = unseen.map((i) => labels[i]!);
  const positives = unseenLabels.filter((y) => y === 1).length;
  if (!active || positives < MIN_UNSEEN_PER_CLASS || unseen.length - positives < MIN_UNSEEN_PER_CLASS) return fold;
  return {
    ...fold,
    active: {
      id: active.id,
      leads: unseen.length,
      figures: evaluate(
        unseen.map((i) => active.probability(slice[i]!.attributes)),
        unseenLabels,
      ),
      model_on_same: evaluate(
        unseen.map((i) => probabilities[i]!),
        unseenLabels,
      ),
    },
  };
}

const show = (f: Figures) => `AUC ${f.auc.toFixed(3)}, log loss ${f.log_loss.toFixed(3)}`;

/** Figures averaged over folds, each fold back weighing half the one after it. */
function recencyWeighted(figures: (Figures | undefined)[]): Figures | null {
  const weighted = figures.flatMap((f, i) => (f ? [{ f, w: 2 ** (i - figures.length + 1) }] : []));
  const total = weighted.reduce((sum, { w }) => sum + w, 0);
  if (total === 0) return null;
  const mean = (key: keyof Figures) => weighted.reduce((sum, { f, w }) => sum + f[key] * w, 0) / total;
  return { auc: mean("auc"), brier: mean("brier"), log_loss: mean("log_loss") };
}

/** Why a candidate must not replace what scores now, or null when it may. */
function refusal(folds: Fold[]): string | null {
  const newest = folds.at(-1)!;
  if (!newest.model || !newest.prior) return `fold ${newest.fold} has one class only: too few outcomes to validate on recent leads`;
  if (!beats(newest.model, newest.prior))
    return `did not beat the prior on the newest fold (${show(newest.model)} vs ${show(newest.prior)})`;
  const active = newest.active;
  if (active && !beats(active.model_on_same, active.figures))
    return `did not beat the active model on the ${active.leads} newest leads it never saw (${show(active.model_on_same)} vs ${show(active.figures)})`;
  const [model, prior] = [recencyWeighted(folds.map((f) => f.model)), recencyWeighted(folds.map((f) => f.prior))];
  if (model && prior && !beats(model, prior))
    return `did not beat the prior over the folds weighted by recency (${show(model)} vs ${show(prior)})`;
  const [mine, theirs] = [recencyWeighted(folds.map((f) => f.active?.model_on_same)), recencyWeighted(folds.map((f) => f.active?.figures))];
  if (mine && theirs && !beats(mine, theirs))
    return `did not beat the active model over the folds weighted by recency (${show(mine)} vs ${show(theirs)})`;
  return null;
}

/**
 * Trains a tenant's logistic model on its own labelled leads, every attribute included, after
 * rolling-origin validation; the model kept is fitted on all of them and recalibrated to the
 * recent base rate. Every fold's figures are recorded, beside the prior's and the active model's.
 */
export function trainScoringModel(labelled: LabelledLead[], now: Date, minPerClass: number, active?: ActiveModel): TrainingReport {
  const positives = labelled.filter((l) => l.converted === 1).length;
  const negatives = labelled.length - positives;
  const samples = { labelled: labelled.length, positives, negatives, train: labelled.length, folds: FOLDS };
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
  const folds = Array.from({ length: FOLDS }, (_, i) => validateFold(ordered, i, now, active));
  const validated = folds.filter((f) => f.model);
  const pooledLabels = validated.flatMap((f) => ordered.slice(f.train, f.train + f.validation).map((l) => l.converted));
  const pooled = validated.flatMap((f) => f.probabilities);
  const priorPooled = validated.flatMap((f) =>
    ordered.slice(f.train, f.train + f.validation).map((l) => priorPrediction(l.attributes, now).probability),
  );
  const reason = refusal(folds);

  const final = fitModel(ordered, now);
  const reference = quantiles(ordered.map((l) => logit(final.probability(l.attributes))));
  const values = labelled.filter((l) => l.converted === 1 && l.value !== null).map((l) => l.value!);
  return {
    status: reason === null ? "active" : "rejected",
    reason,
    parameters: { spec: final.spec, model: final.model, platt: final.platt, reference },
    metrics: {
      folds: folds.map(({ probabilities: _, ...fold }) => fold),
      validation: { ...evaluate(pooled, pooledLabels), calibration: calibrationTable(pooled, pooledLabels) },
      prior_on_validation: evaluate(priorPooled, pooledLabels),
      calibration: final.calibration,
      ...(active ? { compared_with: { id: active.id, version: active.version } } : {}),
    },
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

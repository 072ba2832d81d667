import type { Provenance } from "./provenance";

// The scoring JSON columns: a trained model's parameters (`scoring_models.parameters`) and a
// scored chunk's results (`scoring_batch_chunks.results`).

export interface NumericFeature {
  name: string;
  mean: number;
  std: number;
}

export interface FeatureSpec {
  /** Standardised numbers (dates appear here as `<name>:days_since`), each with a missing indicator. */
  numeric: NumericFeature[];
  dates: string[];
  /** One-hot by hashing `<name>=<value>`. */
  categorical: string[];
  /** Hashed tokens `<name>~<token>`. */
  text: string[];
  buckets: number;
  /** Bucket -> the most frequent `<name>=<value>` seen in it, to name factors. */
  vocabulary: Record<string, string>;
}

export interface LogisticModel {
  weights: number[];
  bias: number;
}

/** The calibration on the log-odds, `a·z + b`: a = 1 and b the prior-shift to the recent base rate. */
export interface Platt {
  a: number;
  b: number;
}

/** What scoring needs of a trained model: features, weights, calibration and the reference population. */
export interface TrainedParameters {
  spec: FeatureSpec;
  model: LogisticModel;
  platt: Platt;
  /** 101 quantiles of the calibrated log-odds of the tenant's labelled leads: the score is a percentile. */
  reference: number[];
}

export interface LiveFigures {
  auc: number | null;
  brier: number;
  log_loss: number;
}

/**
 * An active model watched live: the newest outcomes of leads it scored before their outcome
 * existed (its probability, the prior's for the same lead then, and what happened), and figures.
 */
export interface LiveMonitor {
  window: { model: number[]; prior: number[]; converted: (0 | 1)[] };
  /** Every such outcome since the model became active, the window's and older ones. */
  outcomes: number;
  positives: number;
  model: LiveFigures | null;
  prior: LiveFigures | null;
  calibration: { bin: number; count: number; mean_predicted: number; observed_rate: number }[];
  updated_at: string;
}

/** One attribute's push on a lead's log-odds of converting: why a lead scored as it did. */
export interface Factor {
  feature: string;
  value: unknown;
  effect: number;
}

export type Category = "hot" | "warm" | "cold";

export type ChurnRisk = "low" | "medium" | "high";

/** The model a score came from: the built-in prior or a tenant's trained model. */
export interface ScoreModel {
  id: string;
  version: number;
  kind: "prior" | "logistic";
  calibrated: boolean;
}

/** A lead of a scoring batch that was not scored: its place in the batch as sent, and why. */
export interface BatchLeadError {
  index: number;
  field: string;
  error: string;
}

/** One scored lead as the scoring API answers it (before `options` leave parts out). */
export interface LeadScore {
  id: string;
  score: number;
  category: Category;
  conversion_probability: number;
  predicted_revenue: number;
  churn_risk: ChurnRisk;
  recommendations: string[];
  /** The built-in rules wrote the recommendations, or the configured model phrased them. */
  recommendations_source: Provenance;
  next_actions: { action: string; priority: "high" | "medium" | "low"; deadline: string }[];
  factors: Factor[];
  model: ScoreModel;
}

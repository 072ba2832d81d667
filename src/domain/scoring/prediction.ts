import type { Category, Factor, ScoreModel } from "../../db/json/scoring";

export interface Prediction {
  logOdds: number;
  probability: number;
  /** 0–100, monotonic in the probability: the lead's percentile in the model's reference population. */
  score: number;
  factors: Factor[];
  model: ScoreModel;
}

/** The category of a score under the tenant's thresholds. */
export function categoryOf(score: number, thresholds: { hot: number; warm: number }): Category {
  return score >= thresholds.hot ? "hot" : score >= thresholds.warm ? "warm" : "cold";
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Standard normal CDF (Abramowitz–Stegun 7.1.26), for mapping log-odds to a percentile. */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The strongest factors each way, largest first. */
export function topFactors(factors: Factor[], each = 3): Factor[] {
  const round = (f: Factor) => ({ ...f, effect: Math.round(f.effect * 1000) / 1000 });
  const positive = factors
    .filter((f) => f.effect > 0)
    .sort((a, b) => b.effect - a.effect)
    .slice(0, each);
  const negative = factors
    .filter((f) => f.effect < 0)
    .sort((a, b) => a.effect - b.effect)
    .slice(0, each);
  return [...positive, ...negative].map(round);
}

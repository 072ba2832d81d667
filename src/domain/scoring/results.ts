import type { LeadScore } from "../../db/json/scoring";
import { advise } from "./advice";
import type { AnalyzedLead } from "./analyze";
import { topFactors } from "./prediction";

export interface ScoreOptions {
  include_predictions: boolean;
  include_recommendations: boolean;
}

export interface ScoreSummary {
  total_leads: number;
  hot_leads: number;
  avg_score: number;
  total_predicted_revenue: number;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function leadScores(analyzed: AnalyzedLead[], dealValue: number, now: Date): LeadScore[] {
  return analyzed.map(({ lead, prediction, category, churnRisk }) => ({
    id: lead.id,
    score: prediction.score,
    category,
    conversion_probability: round(prediction.probability),
    predicted_revenue: Math.round(prediction.probability * dealValue),
    churn_risk: churnRisk,
    ...advise(category, prediction.factors, now),
    recommendations_source: { source: "template", reason: "no model configured" },
    factors: topFactors(prediction.factors),
    model: prediction.model,
  }));
}

export function summarize(scores: LeadScore[]): ScoreSummary {
  return {
    total_leads: scores.length,
    hot_leads: scores.filter((s) => s.category === "hot").length,
    avg_score: scores.length === 0 ? 0 : round(scores.reduce((n, s) => n + s.score, 0) / scores.length, 1),
    total_predicted_revenue: scores.reduce((n, s) => n + s.predicted_revenue, 0),
  };
}

type OptionalPart =
  | "conversion_probability"
  | "predicted_revenue"
  | "churn_risk"
  | "recommendations"
  | "recommendations_source"
  | "next_actions";

/** A score as shown: what `options` may leave out is optional, the rest always there. */
export type ShownScore = Omit<LeadScore, OptionalPart> & Partial<Pick<LeadScore, OptionalPart>>;

/** A score with what the caller's options leave out taken out. */
export function shown(score: LeadScore, options: ScoreOptions): ShownScore {
  const { conversion_probability, predicted_revenue, churn_risk, recommendations, recommendations_source, next_actions, ...always } = score;
  return {
    ...always,
    ...(options.include_predictions ? { conversion_probability, predicted_revenue, churn_risk } : {}),
    ...(options.include_recommendations ? { recommendations, recommendations_source, next_actions } : {}),
  };
}

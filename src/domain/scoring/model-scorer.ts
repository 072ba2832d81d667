import { and, desc, eq } from "drizzle-orm";
import type { Factor } from "../../db/json/scoring";
import { type ScoringModel, scoringModels } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { TenantCtx } from "../context";
import { featurize, type LeadRecord } from "./features";
import { contributions } from "./logistic";
import { type Prediction, sigmoid } from "./prediction";
import { PRIOR_INTERCEPT, priorPrediction } from "./prior";
import { percentile } from "./train";

/** Scores with the tenant's active model, or the prior when it has none. */
export type Scorer = (lead: LeadRecord) => Prediction & { intercept: number };

/**
 * A trained model's prediction. Factors are per attribute, on the calibrated log-odds scale, so
 * the intercept plus the factors is the log-odds the probability comes from.
 */
export function modelPrediction(row: ScoringModel, lead: LeadRecord, now: Date): Prediction & { intercept: number } {
  // Only an active model scores, and training writes a model active only with its parameters.
  const { spec, model, platt, reference } = row.parameters!;
  const byAttribute = new Map<string, Factor>();
  for (const entry of contributions(model, featurize(spec, lead, now))) {
    const factor = byAttribute.get(entry.source) ?? { feature: entry.source, value: lead[entry.source] ?? entry.label, effect: 0 };
    factor.effect += platt.a * entry.effect;
    byAttribute.set(entry.source, factor);
  }
  const factors = [...byAttribute.values()];
  const intercept = platt.a * model.bias + platt.b;
  const logOdds = intercept + factors.reduce((sum, f) => sum + f.effect, 0);
  return {
    logOdds,
    probability: sigmoid(logOdds),
    score: percentile(reference, logOdds),
    factors,
    intercept,
    model: { id: row.id, version: row.version, kind: "logistic", calibrated: true },
  };
}

export async function activeModel(ctx: TenantCtx): Promise<ScoringModel | undefined> {
  const [row] = await ctx.db
    .select()
    .from(scoringModels)
    .where(and(ownedBy(scoringModels, ctx), eq(scoringModels.status, "active")))
    .orderBy(desc(scoringModels.version))
    .limit(1);
  return row;
}

/**
 * The scorer for a tenant's leads now, and the deal value its predictions of revenue use: the
 * one the model learned from outcome values, else the tenant's setting.
 */
export async function scorerFor(ctx: TenantCtx, defaultDealValue: number): Promise<{ score: Scorer; dealValue: number }> {
  const model = await activeModel(ctx);
  if (model) return { score: (lead) => modelPrediction(model, lead, ctx.now), dealValue: model.dealValue ?? defaultDealValue };
  return { score: (lead) => ({ ...priorPrediction(lead, ctx.now), intercept: PRIOR_INTERCEPT }), dealValue: defaultDealValue };
}

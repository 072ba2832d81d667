import type { TenantCtx } from "../context";
import { analyzeLeads } from "./analyze";
import { phraseRecommendations } from "./phrasing";
import { leadScores, type ScoreOptions, type ScoreSummary, type ShownScore, shown, summarize } from "./results";

/** The seed scores with predictions and recommendations unless the caller turns them off. */
export function scoreOptions(options?: Partial<ScoreOptions>): ScoreOptions {
  return { include_predictions: true, include_recommendations: true, ...options };
}

/** Scores leads now (matching or creating each tenant lead), as the caller's options show them. */
export async function scoreLeads(
  ctx: TenantCtx,
  input: Record<string, unknown>[],
  options?: Partial<ScoreOptions>,
): Promise<{ leads: ShownScore[]; summary: ScoreSummary }> {
  const shownParts = scoreOptions(options);
  const { leads: analyzed, dealValue } = await analyzeLeads(ctx, input);
  const computed = leadScores(analyzed, dealValue, ctx.now);
  const scores = shownParts.include_recommendations ? await phraseRecommendations(ctx, computed) : computed;
  // The summary counts every figure, whatever the options leave out of the leads.
  return { leads: scores.map((s) => shown(s, shownParts)), summary: summarize(scores) };
}

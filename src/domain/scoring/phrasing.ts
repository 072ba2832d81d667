import { z } from "zod";
import type { LeadScore } from "../../db/json/scoring";
import { askModel, modelConfigured, type Provenance } from "../../platform/language-model";
import type { Ctx } from "../context";
import { RECOMMENDATIONS_PROMPT } from "./prompts";

/** Leads per request whose recommendations the model phrases: the highest scored, hot first. */
const PHRASED_PER_REQUEST = 25;

const Answer = z.object({
  leads: z.array(z.object({ id: z.string(), recommendations: z.array(z.string().min(1).max(300)).min(1).max(6) })),
});

/**
 * With a model configured, the model rephrases the recommendations of the highest-scored leads
 * from their factors; every other lead, and every lead when the model fails, keeps the
 * deterministic ones. Each score says which it got.
 */
export async function phraseRecommendations(ctx: Ctx, scores: LeadScore[]): Promise<LeadScore[]> {
  if (!modelConfigured(ctx.env) || scores.length === 0) return scores;
  const chosen = [...scores].sort((a, b) => b.score - a.score).slice(0, PHRASED_PER_REQUEST);
  const answer = await askModel(ctx, {
    system: RECOMMENDATIONS_PROMPT,
    input: {
      task: "phrase_recommendations",
      leads: chosen.map((s) => ({
        id: s.id,
        score: s.score,
        category: s.category,
        factors: s.factors,
        recommendations: s.recommendations,
      })),
    },
    answer: Answer,
  });
  if (!answer.ok) return scores.map((s) => ({ ...s, recommendations_source: answer.provenance }));
  const phrased = new Map(answer.value.leads.map((l) => [l.id, l.recommendations]));
  return scores.map((s) => {
    const recommendations = phrased.get(s.id);
    const source: Provenance = recommendations
      ? answer.provenance
      : { source: "template", reason: phrased.size ? "not among the leads the model phrased" : "the model phrased none" };
    return recommendations ? { ...s, recommendations, recommendations_source: source } : { ...s, recommendations_source: source };
  });
}

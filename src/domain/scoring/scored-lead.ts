import type { Factor } from "../../db/json/scoring";
import type { Lead, LeadEvent } from "../../db/schema";
import type { TenantCtx } from "../context";
import { getLead, leadTimeline } from "../leads/leads";

export interface ScoreChange {
  timestamp: string;
  event:
    | "lead_created"
    | "lead_scored"
    | "score_increased"
    | "score_decreased"
    | "score_unchanged"
    | "engagement_increased"
    | "engagement_decreased";
  score: number;
}

const ENGAGEMENT = new Set(["engagement_increased", "engagement_decreased"]);

/**
 * A lead's score history: `lead_created` first (the seed's first event), at the lead's creation,
 * with the score it was created with (analyze creates a lead scored) or 0 when it came in unscored;
 * then its `scored` events (each compared with the one before) and its engagement changes (an email
 * opened, clicked, replied to…), each with the score it had then.
 */
export function scoreHistory(lead: Pick<Lead, "createdAt">, events: LeadEvent[]): ScoreChange[] {
  const scored = events.filter((e) => e.type === "scored");
  const engagement = events
    .filter((e) => ENGAGEMENT.has(e.type) && typeof e.data?.score === "number")
    .map((e) => ({ timestamp: e.createdAt, event: e.type as ScoreChange["event"], score: Number(e.data?.score) }));
  const changes = scored.map((e, i): ScoreChange => {
    const score = Number(e.data?.score);
    const before = i > 0 ? Number(scored[i - 1]!.data?.score) : null;
    const event =
      before === null ? "lead_scored" : score > before ? "score_increased" : score < before ? "score_decreased" : "score_unchanged";
    return { timestamp: e.createdAt, event, score };
  });
  // A lead analyze created was scored as it was created: that first score is its creation's.
  const scoredAtCreation = changes[0]?.timestamp === lead.createdAt;
  const created: ScoreChange = { timestamp: lead.createdAt, event: "lead_created", score: scoredAtCreation ? changes[0]!.score : 0 };
  // Both lists are in time order already; the merge keeps it.
  const rest = [...(scoredAtCreation ? changes.slice(1) : changes), ...engagement].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return [created, ...rest];
}

/** The factors behind a lead's score are those its latest `scored` event recorded. */
export function latestFactors(events: LeadEvent[]): Factor[] {
  const latest = events.filter((e) => e.type === "scored").at(-1)?.data;
  return (latest?.factors as Factor[] | undefined) ?? [];
}

export async function getScoredLead(ctx: TenantCtx, leadId: string): Promise<{ lead: Lead; history: ScoreChange[]; factors: Factor[] }> {
  const lead = await getLead(ctx, leadId);
  const events = await leadTimeline(ctx, lead.id);
  return { lead, history: scoreHistory(lead, events), factors: latestFactors(events) };
}

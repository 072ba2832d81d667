import type { Category, ChurnRisk, Factor } from "../../db/json/scoring";

const DAY_MS = 86_400_000;

/** Churn risk from engagement decay: how long since the last interaction, and how engaged. */
export function churnRisk(lead: Record<string, unknown>, now: Date): ChurnRisk {
  const last = typeof lead.last_interaction === "string" ? Date.parse(lead.last_interaction) : Number.NaN;
  const days = Number.isFinite(last) ? (now.getTime() - last) / DAY_MS : undefined;
  const engagement = typeof lead.engagement_score === "number" ? lead.engagement_score : undefined;
  if (days === undefined && engagement === undefined) return "medium";
  if ((days ?? 0) > 60 || (engagement ?? 100) < 30) return "high";
  if ((days ?? 0) > 21 || (engagement ?? 100) < 60) return "medium";
  return "low";
}

const addDays = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);

/** Recommendations and next actions from the category and the factors; deterministic. */
export function advise(category: Category, factors: Factor[], now: Date) {
  const recommendations =
    category === "hot"
      ? ["Contact within 24 hours", "Personalize outreach with industry insights"]
      : category === "warm"
        ? ["Follow up within 3 days", "Share a case study from their industry"]
        : ["Add to a nurture sequence", "Re-engage with educational content"];
  const by = (feature: string) => factors.find((f) => f.feature === feature);
  const email = by("email_domain");
  if (email && email.effect < 0) recommendations.push("Ask for a business email address");
  if (!by("phone")) recommendations.push("Find a direct phone number");
  const stale = by("last_interaction_days");
  if (stale && stale.effect < 0) recommendations.push(`Re-engage: the last interaction was ${stale.value} days ago`);
  const next_actions =
    category === "hot"
      ? [{ action: "schedule_demo", priority: "high" as const, deadline: addDays(now, 2) }]
      : category === "warm"
        ? [{ action: "send_case_study", priority: "medium" as const, deadline: addDays(now, 5) }]
        : [{ action: "add_to_nurture", priority: "low" as const, deadline: addDays(now, 14) }];
  return { recommendations, next_actions };
}

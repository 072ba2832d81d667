import type { CommandSummary } from "../../db/json/lead-generation";
import type { GeneratedLead } from "./enrichment";

/** What a command delivered, in the figures the seed's status and webhook show. */
export function summarize(generated: GeneratedLead[]): CommandSummary {
  const tally = (keys: (string | null)[]) => {
    const counts: Record<string, number> = {};
    for (const k of keys) if (k) counts[k] = (counts[k] ?? 0) + 1;
    return counts;
  };
  const n = generated.length;
  return {
    total_leads: n,
    average_match_score: n ? Math.round((generated.reduce((s, l) => s + l.match_score, 0) / n) * 100) / 100 : 0,
    verified_percentage: n ? Math.round((generated.filter((l) => l.verified).length / n) * 100) : 0,
    industries_breakdown: tally(generated.map((l) => l.industry)),
    // By the role of the profile each lead matched, as the seed's breakdown shows.
    roles_breakdown: tally(
      generated.map((l) => l.match_reasons.find((r) => r.startsWith("Role match: "))?.slice("Role match: ".length) ?? l.position),
    ),
  };
}

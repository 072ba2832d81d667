import type { Profile, SearchParameters } from "../../db/json/lead-generation";
import { contains, type Place, placeOf, prospectPlace } from "./places";
import { industryTerms, sizeRange, titleHoldsRole } from "./vocabulary";

/** A contact of the prospect pool with its company: what matching and delivery read. */
export interface Candidate {
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  email: string;
  phone: string | null;
  linkedin: string | null;
  contactCountry: string | null;
  contactRegion: string | null;
  contactCity: string | null;
  companyName: string | null;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  sizeBand: string | null;
  revenueUsd: number | null;
  country: string | null;
  region: string | null;
  city: string | null;
  keywords: string[];
  description: string | null;
  technologies: string[];
}

/** The profile widened by the analysis step: each target with the terms that count as it. */
export interface SearchPlan {
  industries: { target: string; terms: string[] }[];
  roles: { target: string; alternatives: string[] }[];
  locations: { target: string; place: Place }[];
  sizes: { target: string; range: [number, number] }[];
  interests: { target: string; terms: string[] }[];
  keywords: string[];
  excluded: string[];
  revenue: { min: number | null; max: number | null };
  hasWebsite: boolean;
}

export function planOf(
  profile: Profile,
  search: SearchParameters,
  extra: { industries?: Record<string, string[]>; roles?: Record<string, string[]>; interests?: Record<string, string[]> } = {},
): SearchPlan {
  const lower = (xs: string[] | undefined) => (xs ?? []).map((x) => x.trim().toLowerCase()).filter(Boolean);
  return {
    industries: profile.industries.map((target) => ({
      target,
      terms: [...new Set([...industryTerms(target), ...lower(extra.industries?.[target])])],
    })),
    roles: profile.roles.map((target) => ({ target, alternatives: [...new Set([target, ...(extra.roles?.[target] ?? [])])] })),
    locations: profile.locations.map((target) => ({ target, place: placeOf(target) })),
    sizes: profile.company_sizes.flatMap((target) => {
      const range = sizeRange(target);
      return range ? [{ target, range }] : [];
    }),
    interests: profile.interests.map((target) => ({
      target,
      terms: [...new Set([target.toLowerCase(), ...stems(target), ...lower(extra.interests?.[target])])],
    })),
    keywords: search.keywords.map((k) => k.toLowerCase()),
    excluded: search.excluded_terms.map((t) => t.toLowerCase()),
    revenue: search.revenue_range,
    hasWebsite: search.has_website === true,
  };
}

/** "cost-reduction" also matches "cost reduction"; "automation" matches "automated" via "automat". */
function stems(term: string): string[] {
  const t = term.toLowerCase();
  const spaced = t.replace(/[-_]/g, " ");
  const stem = spaced.length > 6 ? spaced.replace(/(ation|ations|ing|ed|es|s)$/, "") : spaced;
  return [...new Set([spaced, stem])];
}

export interface Match {
  /** False when a required criterion fails or an excluded term appears: never delivered. */
  eligible: boolean;
  score: number;
  reasons: string[];
}

// How much each criterion weighs in match_score, when the profile names it.
const WEIGHTS = { industry: 0.2, role: 0.25, size: 0.15, location: 0.15, revenue: 0.05, website: 0.05, interests: 0.1, keywords: 0.05 };

/**
 * Judges a candidate against the plan. Industries, roles, sizes, locations, the revenue range and
 * has_website are required when given; interests and keywords only raise the score, except that a
 * plan without industries and roles requires one of its keywords. match_score is the weight of the
 * criteria met over the weight of the criteria the profile names.
 */
export function judge(candidate: Candidate, plan: SearchPlan): Match {
  const reasons: string[] = [];
  let met = 0;
  let named = 0;
  let eligible = true;
  const require = (weight: number, reason: string | null) => {
    named += weight;
    if (reason) {
      met += weight;
      reasons.push(reason);
    } else eligible = false;
  };
  const text = [candidate.companyName, candidate.industry, candidate.description, ...candidate.keywords, ...candidate.technologies]
    .filter(Boolean)
    .join(" | ")
    .toLowerCase();
  if (plan.excluded.some((term) => text.includes(term) || (candidate.title ?? "").toLowerCase().includes(term)))
    return { eligible: false, score: 0, reasons: [] };

  if (plan.industries.length) {
    const industry = (candidate.industry ?? "").toLowerCase();
    const hit = plan.industries.find((i) => i.terms.includes(industry));
    require(WEIGHTS.industry, hit ? `Industry match: ${candidate.industry}` : null);
  }
  if (plan.roles.length) {
    const hit = candidate.title ? plan.roles.find((r) => r.alternatives.some((alt) => titleHoldsRole(candidate.title!, alt))) : undefined;
    require(WEIGHTS.role, hit ? `Role match: ${hit.target}` : null);
  }
  if (plan.sizes.length) {
    const hit = plan.sizes.find((s) =>
      candidate.employees !== null
        ? candidate.employees >= s.range[0] && candidate.employees <= s.range[1]
        : candidate.sizeBand === s.target,
    );
    require(WEIGHTS.size, hit ? `Company size match: ${hit.target} employees` : null);
  }
  if (plan.locations.length) {
    // The contact's own place (what it leaves out taken from its company's), and its company's.
    const places = [
      prospectPlace(
        candidate.contactCountry ?? candidate.country,
        candidate.contactRegion ?? (candidate.contactCountry ? null : candidate.region),
        candidate.contactCity ?? (candidate.contactCountry ? null : candidate.city),
      ),
      prospectPlace(candidate.country, candidate.region, candidate.city),
    ];
    const hit = plan.locations.find((l) => places.some((at) => contains(l.place, at)));
    require(WEIGHTS.location, hit ? `Location match: ${hit.target}` : null);
  }
  if (plan.revenue.min !== null || plan.revenue.max !== null) {
    const r = candidate.revenueUsd;
    const inside =
      r !== null && (plan.revenue.min === null || r >= plan.revenue.min) && (plan.revenue.max === null || r <= plan.revenue.max);
    require(WEIGHTS.revenue, inside ? `Revenue match: $${Math.round(r! / 1e5) / 10}M` : null);
  }
  if (plan.hasWebsite) require(WEIGHTS.website, candidate.domain ? `Has website: ${candidate.domain}` : null);
  if (plan.interests.length) {
    named += WEIGHTS.interests;
    const hits = plan.interests.filter((i) => i.terms.some((t) => text.includes(t)));
    met += (WEIGHTS.interests * hits.length) / plan.interests.length;
    for (const hit of hits) reasons.push(`Interest match: ${hit.target}`);
  }
  if (plan.keywords.length) {
    named += WEIGHTS.keywords;
    const hits = plan.keywords.filter((k) => text.includes(k));
    met += (WEIGHTS.keywords * hits.length) / plan.keywords.length;
    for (const hit of hits) reasons.push(`Keyword match: ${hit}`);
    // Without industries or roles the keywords are what says who to look for; otherwise the
    // locations, sizes or interests alone would let the whole pool through.
    if (hits.length === 0 && !plan.industries.length && !plan.roles.length) eligible = false;
  }
  return { eligible, score: named === 0 ? 0 : Math.round((met / named) * 100) / 100, reasons };
}

import type { CommandObject, Profile, SearchParameters } from "../../db/json/lead-generation";
import { ApiError } from "../../platform/errors";
import { sizeRange } from "./vocabulary";

/** The seed's request body (leadGenData and the fields around it). */
export interface LeadGenRequest {
  siteId: string;
  userId?: string;
  agent_id?: string;
  maxLeads: number;
  priority: "high" | "medium" | "low";
  leadGenData: {
    targetAudience?: { industries?: string[]; companySize?: string[]; roles?: string[]; locations?: string[]; interests?: string[] };
    searchCriteria?: {
      keywords?: string[];
      excludedTerms?: string[];
      minRevenueUSD?: number;
      maxRevenueUSD?: number;
      hasWebsite?: boolean;
    };
    productOffering?: { name?: string; primaryValue?: string; idealCustomerProfile?: string };
    businessInfo?: { name?: string; industry?: string; uniqueSellingPoints?: string[] };
  };
  webhook?: { url: string; secret?: string; metadata?: Record<string, unknown> };
}

const clean = (values: string[] | undefined) => [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];

/** The profile and search parameters of a request, or INVALID_REQUEST naming what is malformed. */
export function searchOf(request: LeadGenRequest): { profile: Profile; search: SearchParameters } {
  const audience = request.leadGenData.targetAudience;
  if (!audience)
    throw new ApiError("invalid_request", "Invalid request parameters", [
      { field: "leadGenData.targetAudience", code: "missing_required", message: "targetAudience object is required" },
    ]);
  (audience.companySize ?? []).forEach((size, i) => {
    if (size.trim() && !sizeRange(size))
      throw ApiError.invalidField(
        `leadGenData.targetAudience.companySize[${i}]`,
        "invalid_format",
        `companySize "${size}" is not a size band: use a range of employees such as "51-200", or "10001+"`,
      );
  });
  const criteria = request.leadGenData.searchCriteria ?? {};
  const profile: Profile = {
    industries: clean(audience.industries),
    company_sizes: clean(audience.companySize),
    roles: clean(audience.roles),
    locations: clean(audience.locations),
    interests: clean(audience.interests),
  };
  const search: SearchParameters = {
    keywords: clean(criteria.keywords),
    excluded_terms: clean(criteria.excludedTerms),
    revenue_range: { min: criteria.minRevenueUSD ?? null, max: criteria.maxRevenueUSD ?? null },
    has_website: criteria.hasWebsite ?? null,
  };
  if (search.revenue_range.min !== null && search.revenue_range.max !== null && search.revenue_range.min > search.revenue_range.max) {
    throw ApiError.invalidField("leadGenData.searchCriteria.minRevenueUSD", "out_of_range", "minRevenueUSD must not exceed maxRevenueUSD");
  }
  return { profile, search };
}

/**
 * INSUFFICIENT_DATA unless the profile names whom to look for. Checked after the site and user, so
 * a client fixing one error at a time hears of a missing site first.
 */
export function requireSearchable(profile: Profile, search: SearchParameters): void {
  // Who to look for: some kind of company (industries, keywords) or some kind of person (roles).
  // Locations, sizes or interests alone would return whoever is in the pool.
  if (profile.industries.length === 0 && profile.roles.length === 0 && search.keywords.length === 0) {
    throw new ApiError("insufficient_data", "Not enough information to generate quality leads", [
      {
        field: "leadGenData.targetAudience",
        code: "insufficient_data",
        message: "name at least one of targetAudience.industries, targetAudience.roles or searchCriteria.keywords",
      },
    ]);
  }
}

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** The seed's generated command object, with deterministic description and context. */
export function commandObject(request: LeadGenRequest, profile: Profile, search: SearchParameters): CommandObject {
  const { productOffering = {}, businessInfo = {} } = request.leadGenData;
  const who = profile.roles.length ? list(profile.roles) : "decision makers";
  const where = profile.industries.length ? ` in ${list(profile.industries)} companies` : "";
  const sizes = profile.company_sizes.length ? ` of ${list(profile.company_sizes)} employees` : "";
  const places = profile.locations.length ? ` in ${list(profile.locations)}` : "";
  const interest =
    profile.interests.length || search.keywords.length ? ` interested in ${list([...profile.interests, ...search.keywords])}` : "";
  const forWhom = businessInfo.name
    ? ` for ${businessInfo.name}${productOffering.name ? `'s ${productOffering.name}` : ""}`
    : productOffering.name
      ? ` for ${productOffering.name}`
      : "";
  const context = {
    name: businessInfo.name ?? null,
    industry: businessInfo.industry ?? null,
    offering: productOffering.name ?? null,
    value_proposition: productOffering.primaryValue ?? null,
    ideal_customer: productOffering.idealCustomerProfile ?? null,
    selling_points: businessInfo.uniqueSellingPoints ?? [],
  };
  return {
    task: "generate qualified sales leads",
    userId: request.userId ?? null,
    agentId: request.agent_id ?? null,
    site_id: request.siteId,
    description: `Generate ${request.maxLeads} qualified leads${forWhom}, targeting ${who}${where}${sizes}${places}${interest}.`,
    targets: [{ leads: { count: request.maxLeads, profile, search_parameters: search } }],
    context: `Company Context:\n${JSON.stringify(context, null, 1)}`,
    supervisor: [
      { agent_role: "lead_quality_analyst", status: "not_initialized" },
      { agent_role: "market_researcher", status: "not_initialized" },
    ],
    generated_by: { source: "template", reason: "written by rules when the command was created" },
  };
}

// A lead generation command's JSON columns (lead_generation_commands.command and .summary,
// lead_generation_leads.verification), in the seed's own field names.
import type { Provenance } from "./provenance";

/** What the search looks for: the command's `targets[0].leads` in the seed's words. */
export type Profile = {
  industries: string[];
  company_sizes: string[];
  roles: string[];
  locations: string[];
  interests: string[];
};

export type SearchParameters = {
  keywords: string[];
  excluded_terms: string[];
  revenue_range: { min: number | null; max: number | null };
  has_website: boolean | null;
};

/** The seed's generated command object, as `POST /api/agents/sales/command` answers it. */
export type CommandObject = {
  task: string;
  userId: string | null;
  agentId: string | null;
  site_id: string;
  description: string;
  targets: { leads: { count: number; profile: Profile; search_parameters: SearchParameters } }[];
  context: string;
  supervisor: { agent_role: string; status: string }[];
  /** Who wrote the description: the rules when the command was created, or the model during analysis. */
  generated_by: Provenance;
};

/** What verification found out about a delivered lead's address. */
export type Verification = {
  syntax_valid: boolean;
  domain_matches_company: boolean;
  disposable: boolean;
  role_address: boolean;
  /** Whether the domain has mail servers (DNS MX over HTTPS); null when the lookup is not enabled or failed. */
  mx_found: boolean | null;
  verified: boolean;
};

/** What a completed command delivered, in the numbers the seed's status shows. */
export type CommandSummary = {
  total_leads: number;
  average_match_score: number;
  verified_percentage: number;
  industries_breakdown: Record<string, number>;
  roles_breakdown: Record<string, number>;
};

// The system prompts lead generation sends to the model.

/** Analysis: synonyms for the profile's industries, roles and interests, and the command's description. */
export const ANALYSIS_PROMPT =
  `You prepare a B2B prospect search from an ideal-customer profile. For each industry, job role and ` +
  `interest given, list up to 5 common synonyms or equivalent titles (same seniority, same function; never ` +
  `broader). Also write "description": one sentence saying what the command will do for the business, ` +
  `naming the count, roles, industries, sizes and places. Answer ` +
  `{"industries":{"<industry>":[...]},"roles":{"<role>":[...]},"interests":{"<interest>":[...]},"description":"..."}.`;

/** Enrichment: one sentence per lead on why it fits, from its match reasons. */
export const MATCH_SUMMARY_PROMPT =
  `You explain to a salesperson why each prospect fits their ideal customer. For each lead write one plain ` +
  `sentence from its match reasons and company; never add facts that are not given. Answer ` +
  `{"leads":[{"email":"...","summary":"..."}]}.`;

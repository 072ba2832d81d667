import type { Verified } from "./verification";

/**
 * The scoring stage: the final order, best match first and, between equals, verified first. All of
 * the shortlist is kept: delivery takes the first maxLeads that no other command delivered
 * meanwhile, so the ones after them stand in for those a command running at once took.
 */
export function rank(verified: Verified[]): Verified[] {
  const order = (a: Verified, b: Verified) =>
    b.matchScore - a.matchScore || Number(b.verification.verified) - Number(a.verification.verified) || a.email.localeCompare(b.email);
  return [...verified].sort(order);
}

import type { Verified } from "./verification";

/** The scoring stage: the final order, best match first and, between equals, verified first; maxLeads of them. */
export function rank(verified: Verified[], maxLeads: number): Verified[] {
  const order = (a: Verified, b: Verified) =>
    b.matchScore - a.matchScore || Number(b.verification.verified) - Number(a.verification.verified) || a.email.localeCompare(b.email);
  return [...verified].sort(order).slice(0, maxLeads);
}

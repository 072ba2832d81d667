import type { Verification } from "../../db/json/lead-generation";
import { configOf } from "../../platform/config";
import { DNS_TYPES, dnsQuery } from "../../platform/guarded-fetch";
import type { TenantCtx } from "../context";
import { checkEmail } from "../enhancement/email";
import { emailLists } from "../enhancement/email-lists";
import type { Shortlisted } from "./research";

export type Verified = Shortlisted & { verification: Verification };

/**
 * Verification: the address is well formed, its domain is the company's website (or a subdomain
 * of it), it is neither disposable nor a role address and, when `LEADGEN_VERIFY_MX` is "true",
 * its domain has mail servers. `verified` is all of what was checked.
 */
export async function verify(ctx: TenantCtx, shortlist: Shortlisted[]): Promise<Verified[]> {
  const lists = await emailLists(ctx.env);
  const checks = shortlist.map((candidate) => ({ candidate, email: checkEmail(candidate.email, lists) }));
  const domains = [...new Set(checks.flatMap((c) => (c.email ? [c.email.domain] : [])))];
  const mx = configOf(ctx.env).leadGenerationVerifiesMx
    ? new Map(await Promise.all(domains.map(async (d) => [d, await hasMailServers(ctx, d)] as const)))
    : new Map<string, boolean | null>();
  return checks.map(({ candidate, email }) => {
    const domain = email?.domain ?? "";
    const company = candidate.domain ?? "";
    const matches = company !== "" && (domain === company || domain.endsWith(`.${company}`));
    const mxFound = mx.get(domain) ?? null;
    const verification: Verification = {
      syntax_valid: email !== null,
      domain_matches_company: matches,
      disposable: email?.is_disposable ?? false,
      role_address: email?.is_role ?? false,
      mx_found: mxFound,
      verified: email !== null && matches && !email.is_disposable && !email.is_role && mxFound !== false,
    };
    return { ...candidate, verification };
  });
}

/** Whether the domain has MX records, over DNS-over-HTTPS (Workers have no resolver); null when the lookup fails. */
async function hasMailServers(ctx: TenantCtx, domain: string): Promise<boolean | null> {
  const answer = await dnsQuery(ctx, domain, "MX");
  return answer.ok ? answer.records.some((r) => r.type === DNS_TYPES.MX) : null;
}

import { DNS_TYPES, type DnsRecord, dnsQuery, type OutboundCtx } from "../../platform/guarded-fetch";

/**
 * Whether a domain takes mail, from DNS alone (the check used when no mailbox provider is
 * configured): its MX records; without any, its A/AAAA records (RFC 5321's implicit MX); a lone
 * "0 ." MX says it takes none (RFC 7505's null MX). `deliverable` is null only when a lookup could
 * not be made; `reason` always says why.
 */
export type MailDomainVerdict = { deliverable: boolean | null; reason: string };

// Verdicts are kept per domain at each location for the DNS answer's TTL, within these bounds.
const MIN_CACHE_SECONDS = 60;
const MAX_CACHE_SECONDS = 3_600;

const cacheKey = (domain: string) => `https://mail-domains.leadedge.internal/${encodeURIComponent(domain)}`;

/** An MX record's exchange ("10 mx.acme.example." -> "mx.acme.example"; "0 ." -> ""). */
const exchangeOf = (record: DnsRecord) => (record.data.trim().split(/\s+/)[1] ?? "").replace(/\.$/, "");

function ttlOf(records: DnsRecord[]): number {
  const ttls = records.map((r) => r.TTL).filter((t): t is number => typeof t === "number");
  const ttl = ttls.length > 0 ? Math.min(...ttls) : MIN_CACHE_SECONDS;
  return Math.min(MAX_CACHE_SECONDS, Math.max(MIN_CACHE_SECONDS, ttl));
}

async function lookUp(ctx: OutboundCtx, domain: string): Promise<MailDomainVerdict & { ttl: number }> {
  const mx = await dnsQuery(ctx, domain, "MX");
  if (!mx.ok) return { deliverable: null, reason: `the MX lookup could not be made: ${mx.reason}`, ttl: 0 };
  if (mx.rcode === 3) return { deliverable: false, reason: `${domain} does not exist`, ttl: MIN_CACHE_SECONDS };
  const records = mx.records.filter((r) => r.type === DNS_TYPES.MX);
  const exchanges = records.map(exchangeOf).filter((e) => e !== "");
  if (exchanges.length > 0)
    return { deliverable: true, reason: `${domain} has mail exchangers (${exchanges.slice(0, 3).join(", ")})`, ttl: ttlOf(records) };
  if (records.length > 0) return { deliverable: false, reason: `${domain} accepts no mail (null MX, RFC 7505)`, ttl: ttlOf(records) };
  const [a, aaaa] = await Promise.all([dnsQuery(ctx, domain, "A"), dnsQuery(ctx, domain, "AAAA")]);
  if (!a.ok) return { deliverable: null, reason: `the A lookup could not be made: ${a.reason}`, ttl: 0 };
  if (!aaaa.ok) return { deliverable: null, reason: `the AAAA lookup could not be made: ${aaaa.reason}`, ttl: 0 };
  const addresses = [...a.records, ...aaaa.records].filter((r) => r.type === DNS_TYPES.A || r.type === DNS_TYPES.AAAA);
  if (addresses.length > 0)
    return { deliverable: true, reason: `${domain} has no MX record; mail goes to its address (RFC 5321)`, ttl: ttlOf(addresses) };
  return { deliverable: false, reason: `${domain} has no MX, A or AAAA record`, ttl: MIN_CACHE_SECONDS };
}

/**
 * The verdict for a mail domain, kept per domain (Cache API) for the answer's TTL (60 s to 1 h).
 * A lookup that could not be made is not kept, so the next lead asks again.
 */
export async function judgeMailDomain(ctx: OutboundCtx, domain: string): Promise<MailDomainVerdict> {
  const key = cacheKey(domain.toLowerCase());
  const cached = await caches.default.match(key);
  if (cached) return (await cached.json()) as MailDomainVerdict;
  const { ttl, ...verdict } = await lookUp(ctx, domain.toLowerCase());
  if (verdict.deliverable !== null)
    await caches.default.put(key, Response.json(verdict, { headers: { "Cache-Control": `public, max-age=${ttl}` } }));
  return verdict;
}

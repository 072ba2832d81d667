// The one way Leadedge calls out: webhooks, recipients, prospect providers, mailbox and carrier
// lookups, the model provider, Turnstile and DNS-over-HTTPS itself. Right before each request the
// URL is checked (outbound-url.ts) and so is what its host name resolves to, now, not when the URL
// was saved: a name that resolves to a private address, or that cannot be resolved, is refused.
// Redirects are never followed, every call has a deadline, and at most `maxBytes` of the answer
// are read.

import { type ConfigSource, configOf, DEFAULT_DNS_OVER_HTTPS_URL } from "./config";
import { isPrivateAddress, outboundPolicy, refuseOutboundUrl } from "./outbound-url";

/** What a guarded call needs: the configuration and the raw transport (tests fake it). */
export interface OutboundCtx {
  env: ConfigSource;
  fetch: typeof fetch;
}

export interface OutboundLimits {
  timeoutMs: number;
  maxBytes: number;
  /** A longer answer: "fail" throws (a JSON answer must be whole), "truncate" keeps its start (a receiver's message). */
  overflow?: "fail" | "truncate";
  /**
   * A destination Leadedge itself names (Turnstile, OpenAI's default host, the default resolver):
   * the URL rules apply, but its name is not resolved first.
   */
  fixedHost?: boolean;
  /** The resolver that resolves this URL's host; the configured one unless said otherwise. */
  resolverUrl?: string;
}

/** The call was not made: the URL or what its host resolves to is not one we call. */
export class OutboundRefused extends Error {
  override name = "OutboundRefused";
}

/** The answer was longer than the caller reads. */
export class AnswerTooLarge extends Error {
  override name = "AnswerTooLarge";
}

/** Reads at most `limits.maxBytes` of the body, before the deadline: the rest is cancelled, never buffered. */
async function readBounded(
  response: Response,
  { maxBytes, overflow = "fail" }: OutboundLimits,
  deadline: AbortSignal,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const declared = Number(response.headers.get("Content-Length"));
  if (overflow === "fail" && declared > maxBytes) {
    await response.body.cancel().catch(() => {});
    throw new AnswerTooLarge(`answer of ${declared} bytes is larger than the ${maxBytes} read`);
  }
  const reader = response.body.getReader();
  const stop = () => reader.cancel(deadline.reason).catch(() => {});
  deadline.addEventListener("abort", stop);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= maxBytes) {
      const { done, value } = await reader.read();
      if (deadline.aborted) throw deadline.reason;
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    deadline.removeEventListener("abort", stop);
    await reader.cancel().catch(() => {});
  }
  if (size > maxBytes && overflow === "fail") throw new AnswerTooLarge(`answer is larger than the ${maxBytes} bytes read`);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.slice(0, maxBytes);
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * One outbound request, checked right before it is sent. Throws OutboundRefused when the URL or
 * its resolution is refused (the message says why, starting "url "), AnswerTooLarge, or what the
 * transport throws (a TimeoutError after `timeoutMs`). The answer's body is already read, bounded.
 */
export async function guardedFetch(ctx: OutboundCtx, url: string, init: RequestInit, limits: OutboundLimits): Promise<Response> {
  const policy = outboundPolicy(ctx.env);
  const refusal = refuseOutboundUrl(url, policy);
  if (refusal) throw new OutboundRefused(`url ${refusal}`);
  if (!policy.allowPrivate && !limits.fixedHost) {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    const resolved = await resolveHost(ctx, host, limits.resolverUrl);
    if (!resolved.ok) throw new OutboundRefused(`url host ${host} could not be resolved: ${resolved.reason}`);
    if (resolved.addresses.some(isPrivateAddress)) throw new OutboundRefused("url resolves to a private address");
  }
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const response = await ctx.fetch(url, { ...init, redirect: "manual", signal });
  const body = await readBounded(response, limits, signal);
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** The guarded fetch as a `fetch` function, for a client that takes one (the openai SDK). */
export function guardedFetcher(ctx: OutboundCtx, limits: OutboundLimits): typeof fetch {
  return (input, init) => {
    if (typeof input === "string" || input instanceof URL) return guardedFetch(ctx, String(input), init ?? {}, limits);
    const { method, headers, body, signal } = input;
    return guardedFetch(ctx, input.url, { method, headers, body, signal, ...init }, limits);
  };
}

export interface DnsRecord {
  type: number;
  data: string;
  TTL?: number;
}

export type DnsAnswer = { ok: true; rcode: number; records: DnsRecord[] } | { ok: false; reason: string };

export const DNS_TYPES = { A: 1, AAAA: 28, MX: 15 } as const;
const RCODES: Record<number, string> = { 1: "FORMERR", 2: "SERVFAIL", 4: "NOTIMP", 5: "REFUSED" };

/**
 * One DNS-over-HTTPS query (the JSON API) through the guarded fetch. A configured resolver's own
 * name is resolved with the default resolver first; the default one is not resolved. `ok` with
 * rcode 0 (NOERROR) or 3 (NXDOMAIN); otherwise why the lookup could not be made.
 */
export async function dnsQuery(ctx: OutboundCtx, name: string, type: keyof typeof DNS_TYPES, resolverUrl?: string): Promise<DnsAnswer> {
  const resolver = resolverUrl ?? configOf(ctx.env).dnsOverHttpsUrl;
  const url = new URL(resolver);
  url.searchParams.set("name", name);
  url.searchParams.set("type", type);
  let body: { Status?: unknown; Answer?: unknown };
  try {
    const res = await guardedFetch(
      ctx,
      url.toString(),
      { headers: { Accept: "application/dns-json" } },
      {
        timeoutMs: 3_000,
        maxBytes: 64 * 1024,
        fixedHost: resolver === DEFAULT_DNS_OVER_HTTPS_URL,
        resolverUrl: DEFAULT_DNS_OVER_HTTPS_URL,
      },
    );
    if (!res.ok) return { ok: false, reason: `the resolver answered HTTP ${res.status}` };
    body = await res.json();
  } catch (error) {
    if (error instanceof OutboundRefused) return { ok: false, reason: `the resolver's ${error.message}` };
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return { ok: false, reason: timedOut ? "the resolver did not answer within 3 s" : `the resolver could not be asked: ${String(error)}` };
  }
  if (!body || typeof body !== "object" || typeof body.Status !== "number")
    return { ok: false, reason: "the resolver's answer was unreadable" };
  if (body.Status !== 0 && body.Status !== 3)
    return { ok: false, reason: `the resolver answered ${RCODES[body.Status] ?? `rcode ${body.Status}`}` };
  const records = (Array.isArray(body.Answer) ? body.Answer : []).filter(
    (r): r is DnsRecord => typeof r === "object" && r !== null && typeof r.type === "number" && typeof r.data === "string",
  );
  return { ok: true, rcode: body.Status, records };
}

const isAddressLiteral = (host: string) => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(":");

type Resolution = { ok: true; addresses: string[] } | { ok: false; reason: string };

// A resolution is remembered by this isolate for its TTL, at most RESOLUTION_MEMO_SECONDS, so a
// burst of calls to one host (a batch's model calls) asks the resolver once. Failures are not kept.
const RESOLUTION_MEMO_SECONDS = 30;
const resolutions = new Map<string, { expires: number; addresses: string[] }>();

/** The addresses a host name resolves to (A and AAAA), or why it could not be resolved. */
export async function resolveHost(ctx: OutboundCtx, host: string, resolverUrl?: string): Promise<Resolution> {
  if (isAddressLiteral(host)) return { ok: true, addresses: [host] };
  const resolver = resolverUrl ?? configOf(ctx.env).dnsOverHttpsUrl;
  const memoKey = `${resolver} ${host.toLowerCase()}`;
  const memo = resolutions.get(memoKey);
  if (memo && memo.expires > Date.now()) return { ok: true, addresses: memo.addresses };
  const [a, aaaa] = await Promise.all([dnsQuery(ctx, host, "A", resolver), dnsQuery(ctx, host, "AAAA", resolver)]);
  if (!a.ok) return a;
  if (!aaaa.ok) return aaaa;
  if (a.rcode === 3) return { ok: false, reason: "no such domain" };
  const records = [...a.records, ...aaaa.records].filter((r) => r.type === DNS_TYPES.A || r.type === DNS_TYPES.AAAA);
  if (records.length === 0) return { ok: false, reason: "it has no A or AAAA record" };
  const addresses = records.map((r) => r.data);
  const ttl = Math.min(RESOLUTION_MEMO_SECONDS, ...records.map((r) => r.TTL ?? 0));
  if (ttl > 0) {
    if (resolutions.size >= 1_000) resolutions.clear();
    resolutions.set(memoKey, { expires: Date.now() + ttl * 1000, addresses });
  }
  return { ok: true, addresses };
}

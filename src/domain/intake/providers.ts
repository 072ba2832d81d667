import { configOf, type ProviderEndpoint } from "../../platform/config";
import { guardedFetch } from "../../platform/guarded-fetch";
import type { Ctx } from "../context";
import { judgeMailDomain } from "../enhancement/mail-domain";

/**
 * Outside checks: a mailbox verifier and a carrier lookup, each optional and configured per
 * deployment, and the mail-domain check over DNS that stands in for the verifier when there is
 * none. Leadedge records what each said, or that it failed, and never lets an outage stop a lead.
 */
export interface ProviderOutcome<T> {
  provider: string;
  status: "success" | "error";
  result: T | null;
  error: string | null;
  duration_ms: number;
}

const TIMEOUT_MS = 5_000;
const READ_LIMIT_BYTES = 64 * 1024;

async function callProvider<T>(
  ctx: Ctx,
  provider: string,
  { url, token }: ProviderEndpoint,
  body: unknown,
  parse: (json: unknown) => T | null,
): Promise<ProviderOutcome<T>> {
  const started = Date.now();
  const finish = (status: "success" | "error", result: T | null, error: string | null) => ({
    provider,
    status,
    result,
    error,
    duration_ms: Date.now() - started,
  });
  try {
    const response = await guardedFetch(
      ctx,
      url,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      },
      { timeoutMs: TIMEOUT_MS, maxBytes: READ_LIMIT_BYTES },
    );
    if (!response.ok) return finish("error", null, `HTTP ${response.status}`);
    const result = parse(await response.json());
    return result ? finish("success", result, null) : finish("error", null, "unexpected answer");
  } catch (error) {
    return finish("error", null, error instanceof Error ? error.message : String(error));
  }
}

export interface MailboxResult {
  deliverable: boolean;
  reason: string | null;
}

export function verifyMailbox(ctx: Ctx, email: string): Promise<ProviderOutcome<MailboxResult>> | null {
  const endpoint = configOf(ctx.env).mailboxVerify;
  if (!endpoint) return null;
  return callProvider(ctx, "mailbox_verify", endpoint, { email }, (json) => {
    const answer = json as { deliverable?: unknown; reason?: unknown };
    return typeof answer?.deliverable === "boolean"
      ? { deliverable: answer.deliverable, reason: typeof answer.reason === "string" ? answer.reason : null }
      : null;
  });
}

/**
 * The mail-domain check that stands in for a mailbox provider when none is configured: the
 * domain's MX (or A/AAAA) records over DNS-over-HTTPS. An error only when the lookup could not be
 * made; a domain that takes no mail is a success whose answer is `deliverable: false`.
 */
export async function checkMailDomain(ctx: Ctx, domain: string): Promise<ProviderOutcome<MailboxResult>> {
  const started = Date.now();
  const verdict = await judgeMailDomain(ctx, domain);
  const duration_ms = Date.now() - started;
  return verdict.deliverable === null
    ? { provider: "dns_mx", status: "error", result: null, error: verdict.reason, duration_ms }
    : {
        provider: "dns_mx",
        status: "success",
        result: { deliverable: verdict.deliverable, reason: verdict.reason },
        error: null,
        duration_ms,
      };
}

export interface CarrierResult {
  carrier: string | null;
  line_type: string | null;
}

export function lookupCarrier(ctx: Ctx, e164: string): Promise<ProviderOutcome<CarrierResult>> | null {
  const endpoint = configOf(ctx.env).carrierLookup;
  if (!endpoint) return null;
  return callProvider(ctx, "carrier_lookup", endpoint, { phone: e164 }, (json) => {
    const answer = json as { carrier?: unknown; line_type?: unknown };
    if (!answer || typeof answer !== "object") return null;
    return {
      carrier: typeof answer.carrier === "string" ? answer.carrier : null,
      line_type: typeof answer.line_type === "string" ? answer.line_type : null,
    };
  });
}

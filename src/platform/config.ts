import { z } from "zod";
import { LOG_LEVELS, type LogLevel, log } from "./log";

// Every environment variable the Worker reads, parsed and checked once per environment object.
// Bindings (DB, JOBS, the Durable Objects and Workflows) stay on `env`; these are the vars and
// secrets. Where each is set: wrangler.toml [vars], .dev.vars locally, `wrangler secret put`.

const text = z.string().trim().min(1).optional().catch(undefined);
const flag = z.enum(["true", "false"]).optional();
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const Vars = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]).default("development"),
  /** Secret. Without it the operator API answers 503. */
  ADMIN_TOKEN: text,
  ALLOW_PRIVATE_WEBHOOKS: flag,
  SCORING_MIN_OUTCOMES_PER_CLASS: count(50),
  /** Secret. */
  TURNSTILE_SECRET: text,
  MAILBOX_VERIFY_URL: text,
  /** Secret. */
  MAILBOX_VERIFY_TOKEN: text,
  CARRIER_LOOKUP_URL: text,
  /** Secret. */
  CARRIER_LOOKUP_TOKEN: text,
  LEADGEN_VERIFY_MX: flag,
  DNS_OVER_HTTPS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Secret. */
  OPENAI_API_KEY: text,
  OPENAI_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENAI_TIMEOUT_MS: count(8_000),
  /** Secret. Signs tracking tokens and seals SMTP passwords and Idempotency-Key answers; required in production. */
  EMAIL_SECRET: text,
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMAIL_INBOUND_DOMAIN: text,
  EMAIL_UNMATCHED_FORWARD: z.email().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /**
   * Scales every sequence wait and engagement timeout (1 = as drawn). A demo or the smoke suite sets
   * a small factor (0.0001: two days in about 17 s) so a sequence can be watched end to end.
   */
  SEQUENCE_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
});

// Outside production a fixed secret lets `npm start` and the tests send with no setup; it signs
// nothing anyone else trusts, and production refuses to send without its own.
const DEVELOPMENT_EMAIL_SECRET = "leadedge-development-email-secret";

// Production goes on serving without EMAIL_SECRET (failing every request would take /healthz and the
// rest of the API down with it), but what needs the secret stops, so each isolate says so once, at error.
const MISSING_EMAIL_SECRET =
  "configuration: EMAIL_SECRET is not set; requests with an Idempotency-Key are refused (503) " +
  "and every email send is refused. Set it with `wrangler secret put EMAIL_SECRET`";

/** Cloudflare's resolver, JSON API (application/dns-json). */
export const DEFAULT_DNS_OVER_HTTPS_URL = "https://cloudflare-dns.com/dns-query";

/** A provider called over HTTP: where, and the bearer token it wants (a secret). */
export interface ProviderEndpoint {
  url: string;
  token: string | null;
}

export interface Config {
  environment: "development" | "test" | "production";
  /** The operator API's bearer token; null switches the operator API off. */
  adminToken: string | null;
  /** Production wants https for every outbound URL. */
  requireHttps: boolean;
  /** Webhooks and recipients may reach private and loopback addresses (local development). */
  allowPrivateOutbound: boolean;
  /** Conversions and non-conversions a tenant needs before its own model may replace the prior. */
  scoringMinOutcomesPerClass: number;
  /** Cloudflare Turnstile secret for forms with require_turnstile. */
  turnstileSecret: string | null;
  /** Mailbox verification: POST {email} -> {deliverable, reason?}. */
  mailboxVerify: ProviderEndpoint | null;
  /** Carrier lookup: POST {phone} -> {carrier, line_type}. */
  carrierLookup: ProviderEndpoint | null;
  /** Lead generation's verification also looks up each email domain's MX records. */
  leadGenerationVerifiesMx: boolean;
  /** The DNS-over-HTTPS resolver (JSON API) for outbound checks and mail-domain lookups. */
  dnsOverHttpsUrl: string;
  /** Any OpenAI-compatible provider; without an API key every AI feature answers from its templates. */
  model: { apiKey: string | null; name: string; baseUrl: string | null; timeoutMs: number };
  /** Sequence waits and engagement timeouts are multiplied by this (SEQUENCE_TIME_SCALE). */
  sequenceTimeScale: number;
  email: {
    /**
     * Signs tracking tokens and seals SMTP passwords and Idempotency-Key answers; null (production without
     * it) refuses every send and every request carrying an Idempotency-Key.
     */
    secret: string | null;
    /** The deployment's public origin for tracking and unsubscribe links and landing pages' canonical links; absent, the request's origin. */
    publicUrl: string | null;
    /** The Email Routing domain the email() handler receives; replies and bounces come back to addresses on it. */
    inboundDomain: string | null;
    /** Incoming mail that matches no message goes here; absent, it is rejected. */
    unmatchedForward: string | null;
  };
  /** The least severe log line written: `info` writes one line per request, `warn` only problems. */
  logLevel: LogLevel;
}

/** The parts of the environment config reads: the vars as strings, whatever else the bindings are. */
export type ConfigSource = Partial<Record<keyof z.input<typeof Vars>, string>>;

const parsed = new WeakMap<object, Config>();

/** The configuration of an environment, parsed once; a var that is set but not of its kind throws, naming it. */
export function configOf(env: ConfigSource): Config {
  const known = parsed.get(env);
  if (known) return known;
  // A var set to blank (a copied `.env` line left empty) is unset, so its default applies.
  const set = Object.entries(env).filter(([, value]) => !(typeof value === "string" && value.trim() === ""));
  const result = Vars.safeParse(Object.fromEntries(set));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`configuration: ${String(issue?.path[0])} ${issue?.message ?? "is invalid"}`);
  }
  const vars = result.data;
  const endpoint = (url: string | undefined, token: string | undefined) => (url ? { url, token: token ?? null } : null);
  const config: Config = {
    environment: vars.ENVIRONMENT,
    adminToken: vars.ADMIN_TOKEN ?? null,
    requireHttps: vars.ENVIRONMENT === "production",
    allowPrivateOutbound: vars.ALLOW_PRIVATE_WEBHOOKS === "true",
    scoringMinOutcomesPerClass: vars.SCORING_MIN_OUTCOMES_PER_CLASS,
    turnstileSecret: vars.TURNSTILE_SECRET ?? null,
    mailboxVerify: endpoint(vars.MAILBOX_VERIFY_URL, vars.MAILBOX_VERIFY_TOKEN),
    carrierLookup: endpoint(vars.CARRIER_LOOKUP_URL, vars.CARRIER_LOOKUP_TOKEN),
    leadGenerationVerifiesMx: vars.LEADGEN_VERIFY_MX === "true",
    dnsOverHttpsUrl: vars.DNS_OVER_HTTPS_URL ?? DEFAULT_DNS_OVER_HTTPS_URL,
    model: {
      apiKey: vars.OPENAI_API_KEY ?? null,
      name: vars.OPENAI_MODEL,
      baseUrl: vars.OPENAI_BASE_URL ?? null,
      timeoutMs: vars.OPENAI_TIMEOUT_MS,
    },
    sequenceTimeScale: vars.SEQUENCE_TIME_SCALE,
    email: {
      secret: vars.EMAIL_SECRET ?? (vars.ENVIRONMENT === "production" ? null : DEVELOPMENT_EMAIL_SECRET),
      publicUrl: vars.PUBLIC_URL?.replace(/\/+$/, "") ?? null,
      inboundDomain: vars.EMAIL_INBOUND_DOMAIN?.toLowerCase() ?? null,
      unmatchedForward: vars.EMAIL_UNMATCHED_FORWARD ?? null,
    },
    logLevel: vars.LOG_LEVEL,
  };
  if (config.email.secret === null) log("error", MISSING_EMAIL_SECRET, {}, config.logLevel);
  parsed.set(env, config);
  return config;
}

// Optional configuration that wrangler.toml does not declare (so `wrangler types` cannot see it):
// set these as vars or secrets to turn the features on. src/platform/config.ts parses them all.
interface Env {
  /** The operator API's bearer token (a secret); without it /admin answers 503. */
  ADMIN_TOKEN?: string;
  /** Conversions and non-conversions a tenant needs before its own model may replace the prior (default 50). */
  SCORING_MIN_OUTCOMES_PER_CLASS?: string;
  /** Cloudflare Turnstile secret; forms with require_turnstile check visitors' tokens with it. */
  TURNSTILE_SECRET?: string;
  /** "true" lets webhooks and recipients reach private and loopback addresses (local development). */
  ALLOW_PRIVATE_WEBHOOKS?: string;
  /** Mailbox verification provider: POST {email} -> {deliverable, reason?}. */
  MAILBOX_VERIFY_URL?: string;
  MAILBOX_VERIFY_TOKEN?: string;
  /** Carrier lookup provider: POST {phone} -> {carrier, line_type}. */
  CARRIER_LOOKUP_URL?: string;
  CARRIER_LOOKUP_TOKEN?: string;
  /** "true": lead generation's verification also looks up each email domain's MX records (DNS over HTTPS). */
  LEADGEN_VERIFY_MX?: string;
  /** The DNS-over-HTTPS resolver's JSON endpoint (default https://cloudflare-dns.com/dns-query; dns.google/resolve also works). */
  DNS_OVER_HTTPS_URL?: string;
  /** Any OpenAI-compatible provider: without a key every AI feature answers from its templates. */
  OPENAI_API_KEY?: string;
  /** Default gpt-4o-mini. */
  OPENAI_MODEL?: string;
  OPENAI_BASE_URL?: string;
  /** How long one model call may take before the templates answer instead (default 8000). */
  OPENAI_TIMEOUT_MS?: string;
  /** Secret: signs tracking tokens and encrypts SMTP passwords. Required in production; a fixed development value elsewhere. */
  EMAIL_SECRET?: string;
  /** The public origin tracking and unsubscribe links and landing pages' canonical links point to, e.g. https://leads.acme.example. */
  PUBLIC_URL?: string;
  /** The Email Routing domain whose mail reaches the email() handler (replies and bounces). */
  EMAIL_INBOUND_DOMAIN?: string;
  /** Where incoming mail that matches no message is forwarded (a verified Email Routing destination); unset, it is rejected. */
  EMAIL_UNMATCHED_FORWARD?: string;
  /** debug, info (default: one line per request), warn or error: the least severe log line written. */
  LOG_LEVEL?: string;
}

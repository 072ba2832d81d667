import { afterEach, describe, expect, it, vi } from "vitest";
import { configOf } from "../../src/platform/config";

/** The JSON lines configOf wrote at error level while parsing `env`. */
function errorsLoggedParsing(env: Parameters<typeof configOf>[0]): unknown[] {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  configOf(env);
  configOf(env);
  vi.restoreAllMocks();
  return lines.map((line) => JSON.parse(line));
}

afterEach(() => vi.restoreAllMocks());

describe("configuration", () => {
  it("has a default for everything that may be left unset", () => {
    expect(configOf({})).toEqual({
      environment: "development",
      adminToken: null,
      requireHttps: false,
      allowPrivateOutbound: false,
      scoringMinOutcomesPerClass: 50,
      sequenceTimeScale: 1,
      turnstileSecret: null,
      mailboxVerify: null,
      carrierLookup: null,
      leadGenerationVerifiesMx: false,
      dnsOverHttpsUrl: "https://cloudflare-dns.com/dns-query",
      model: { apiKey: null, name: "gpt-4o-mini", baseUrl: null, timeoutMs: 8000 },
      email: { secret: "leadedge-development-email-secret", publicUrl: null, inboundDomain: null, unmatchedForward: null },
      logLevel: "info",
    });
  });

  it("reads flags, numbers and providers from their strings", () => {
    const config = configOf({
      ENVIRONMENT: "production",
      ALLOW_PRIVATE_WEBHOOKS: "true",
      LEADGEN_VERIFY_MX: "false",
      SCORING_MIN_OUTCOMES_PER_CLASS: "20",
      MAILBOX_VERIFY_URL: "https://mailbox.example/verify",
      CARRIER_LOOKUP_URL: "https://carrier.example/lookup",
      CARRIER_LOOKUP_TOKEN: "carrier-token",
      OPENAI_API_KEY: "sk-x",
      OPENAI_TIMEOUT_MS: "500",
      LOG_LEVEL: "warn",
    });
    expect(config.logLevel).toBe("warn");
    expect(config.requireHttps).toBe(true);
    expect(config.allowPrivateOutbound).toBe(true);
    expect(config.leadGenerationVerifiesMx).toBe(false);
    expect(configOf({ DNS_OVER_HTTPS_URL: "https://dns.google/resolve" }).dnsOverHttpsUrl).toBe("https://dns.google/resolve");
    expect(config.scoringMinOutcomesPerClass).toBe(20);
    expect(config.mailboxVerify).toEqual({ url: "https://mailbox.example/verify", token: null });
    expect(config.carrierLookup).toEqual({ url: "https://carrier.example/lookup", token: "carrier-token" });
    expect(config.model).toEqual({ apiKey: "sk-x", name: "gpt-4o-mini", baseUrl: null, timeoutMs: 500 });
    // Production sends nothing without its own secret.
    expect(config.email.secret).toBeNull();
    expect(
      configOf({
        PUBLIC_URL: "https://leads.acme.example/",
        EMAIL_INBOUND_DOMAIN: "Inbound.Acme.example",
        EMAIL_UNMATCHED_FORWARD: "ops@acme.example",
      }).email,
    ).toEqual({
      secret: "leadedge-development-email-secret",
      publicUrl: "https://leads.acme.example",
      inboundDomain: "inbound.acme.example",
      unmatchedForward: "ops@acme.example",
    });
  });

  it("treats a blank secret as unset, so an empty ADMIN_TOKEN still switches the operator API off", () => {
    expect(configOf({ ADMIN_TOKEN: "  " }).adminToken).toBeNull();
  });

  it("treats every blank var as unset, so the seed's .env lines left empty keep the defaults", () => {
    const config = configOf({ OPENAI_API_KEY: "", OPENAI_MODEL: "", OPENAI_BASE_URL: " ", OPENAI_TIMEOUT_MS: "", LOG_LEVEL: "" });
    expect(config.model).toEqual({ apiKey: null, name: "gpt-4o-mini", baseUrl: null, timeoutMs: 8_000 });
    expect(config.logLevel).toBe("info");
    expect(configOf({ PUBLIC_URL: "", EMAIL_UNMATCHED_FORWARD: "  " }).email).toMatchObject({ publicUrl: null, unmatchedForward: null });
  });

  it("refuses a var that is set but not of its kind, naming it", () => {
    expect(() => configOf({ SCORING_MIN_OUTCOMES_PER_CLASS: "many" })).toThrow(/^configuration: SCORING_MIN_OUTCOMES_PER_CLASS /);
    expect(() => configOf({ ALLOW_PRIVATE_WEBHOOKS: "yes" })).toThrow(/^configuration: ALLOW_PRIVATE_WEBHOOKS /);
    expect(() => configOf({ ENVIRONMENT: "staging" })).toThrow(/^configuration: ENVIRONMENT /);
    expect(() => configOf({ DNS_OVER_HTTPS_URL: "ftp://dns.example/" })).toThrow(/^configuration: DNS_OVER_HTTPS_URL /);
    expect(() => configOf({ LOG_LEVEL: "verbose" })).toThrow(/^configuration: LOG_LEVEL /);
  });

  it("refuses a malformed URL or address rather than ignoring it, naming the var", () => {
    expect(() => configOf({ PUBLIC_URL: "leads.acme.example" })).toThrow(/^configuration: PUBLIC_URL /);
    expect(() => configOf({ PUBLIC_URL: "ftp://leads.acme.example" })).toThrow(/^configuration: PUBLIC_URL /);
    expect(() => configOf({ EMAIL_UNMATCHED_FORWARD: "ops" })).toThrow(/^configuration: EMAIL_UNMATCHED_FORWARD /);
    expect(() => configOf({ OPENAI_BASE_URL: "llm.provider.example/v1" })).toThrow(/^configuration: OPENAI_BASE_URL /);
    expect(configOf({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }).model.baseUrl).toBe("http://127.0.0.1:11434/v1");
  });

  it("says once, at error, that production without EMAIL_SECRET keeps no Idempotency-Key answer and sends no email", () => {
    expect(errorsLoggedParsing({ ENVIRONMENT: "production", LOG_LEVEL: "error" })).toEqual([
      {
        level: "error",
        message:
          "configuration: EMAIL_SECRET is not set; requests with an Idempotency-Key are refused (503) " +
          "and every email send is refused. Set it with `wrangler secret put EMAIL_SECRET`",
      },
    ]);
    expect(errorsLoggedParsing({ ENVIRONMENT: "production", EMAIL_SECRET: "s3cret-from-openssl-rand" })).toEqual([]);
    expect(errorsLoggedParsing({ ENVIRONMENT: "development" })).toEqual([]);
  });

  it("parses an environment once", () => {
    const env = { OPENAI_API_KEY: "sk-x" };
    expect(configOf(env)).toBe(configOf(env));
  });
});

import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant, fetchWith } from "../../support/http";

// check_deliverability without MAILBOX_VERIFY_URL: the domain's MX over DNS-over-HTTPS. The fake
// resolver (test/support/fake-receiver.ts, fakeDns) answers by the domain's prefix: nomx… has an
// address but no MX, nomail… neither, nullmx… the null MX, nxdomain… does not exist, servfail…
// makes the resolver fail.

const NO_PROVIDER = { MAILBOX_VERIFY_URL: undefined } as unknown as Partial<Env>;

async function setUp() {
  const t = await createTenant();
  const flow = await createFlow(t.liveKey, {
    name: "F",
    configuration: {
      steps: [
        {
          type: "enhancement",
          name: "Email Validation",
          service: "email_validator",
          settings: { check_deliverability: true, require_valid: true },
        },
      ],
    },
  });
  const submit = async (email: string, bindings: Partial<Env> = NO_PROVIDER) => {
    const posted = await fetchWith(bindings, `/api/v1/flows/${flow.id}/leads`, t.liveKey, { lead: { email } });
    expect(posted.status).toBe(201);
    const detail = (await call(`/api/v1/leads/${posted.json.id}`, { key: t.liveKey })).json;
    return { status: posted.json.status, reason: posted.json.reason, validation: detail.enhancements.email_validation };
  };
  return { t, submit };
}

const queries = async (name: string) => ((await (await fetch(`https://cloudflare-dns.com/queries?name=${name}`)).json()) as any).count;

describe("check_deliverability without a mailbox provider", () => {
  it("answers true for a domain with mail exchangers, or with only an address (RFC 5321's implicit MX)", async () => {
    const { submit } = await setUp();
    const withMx = await submit("ada@mx-corp.example");
    expect(withMx.status).toBe("accepted");
    expect(withMx.validation).toMatchObject({
      status: "valid",
      deliverable: true,
      deliverable_reason: "mx-corp.example has mail exchangers (mx.mx-corp.example)",
      provider: { provider: "dns_mx", status: "success", error: null },
    });
    const implicit = await submit("ada@nomx-corp.example");
    expect(implicit.status).toBe("accepted");
    expect(implicit.validation).toMatchObject({
      deliverable: true,
      deliverable_reason: "nomx-corp.example has no MX record; mail goes to its address (RFC 5321)",
    });
  });

  it.each([
    ["nullmx-corp.example", "nullmx-corp.example accepts no mail (null MX, RFC 7505)"],
    ["nomail-corp.example", "nomail-corp.example has no MX, A or AAAA record"],
    ["nxdomain-corp.example", "nxdomain-corp.example does not exist"],
  ])("answers false for %s, and require_valid rejects the lead", async (domain, reason) => {
    const { submit } = await setUp();
    const lead = await submit(`ada@${domain}`);
    expect(lead).toMatchObject({ status: "rejected", reason: "enhancement_failed" });
    expect(lead.validation).toMatchObject({
      status: "invalid",
      deliverable: false,
      deliverable_reason: reason,
      provider: { provider: "dns_mx", status: "success", result: { deliverable: false, reason } },
    });
  });

  it("answers null, saying why, only when the lookup could not be made; the lead is not held back", async () => {
    const { submit } = await setUp();
    const failing = await submit("ada@servfail-corp.example");
    expect(failing.status).toBe("accepted");
    expect(failing.validation).toMatchObject({
      status: "valid",
      deliverable: null,
      deliverable_reason: "the MX lookup could not be made: the resolver answered SERVFAIL",
      provider: { provider: "dns_mx", status: "error", result: null },
    });
    // Through the guarded fetch: a resolver whose name resolves to loopback is not asked.
    const refused = await submit("ada@refused-resolver.example", {
      ...NO_PROVIDER,
      DNS_OVER_HTTPS_URL: "https://dns.loopback.test/dns-query",
    } as Partial<Env>);
    expect(refused.validation).toMatchObject({
      deliverable: null,
      deliverable_reason: "the MX lookup could not be made: the resolver's url resolves to a private address",
    });
  });

  it("asks the configured resolver, and once per domain while the answer is fresh", async () => {
    const { submit } = await setUp();
    const resolver = { ...NO_PROVIDER, DNS_OVER_HTTPS_URL: "https://dns.resolver.test/dns-query" } as Partial<Env>;
    const domain = `cached-${crypto.randomUUID().slice(0, 8)}.example`;
    expect((await submit(`a@${domain}`, resolver)).validation.deliverable).toBe(true);
    expect((await submit(`b@${domain}`, resolver)).validation.deliverable).toBe(true);
    expect((await submit(`c@${domain.toUpperCase()}`, resolver)).validation.deliverable).toBe(true);
    expect(await queries(domain)).toBe(1);
  });

  it("lets the configured provider win over DNS", async () => {
    const { submit } = await setUp();
    // The fake provider calls any mailbox not starting with "bounce" deliverable, whatever DNS says.
    const lead = await submit("ada@nullmx-provider.example", {});
    expect(lead.status).toBe("accepted");
    expect(lead.validation).toMatchObject({ deliverable: true, provider: { provider: "mailbox_verify", status: "success" } });
    const bounced = await submit("bounce@mx-provider.example", {});
    expect(bounced.validation).toMatchObject({
      deliverable: false,
      deliverable_reason: "mailbox does not exist",
      provider: { provider: "mailbox_verify" },
    });
  });
});

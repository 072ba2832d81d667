import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SEED_REQUEST } from "../../src/api/agents/lead-generation/schemas";
import { openDatabase } from "../../src/db/database";
import { generateSequence } from "../../src/domain/generation/sequence";
import { AnswerTooLarge, dnsQuery, guardedFetch, OutboundRefused } from "../../src/platform/guarded-fetch";
import { call, createFlow, createTenant, fetchWith } from "../support/http";
import { received, settled } from "../support/workflows";

// Every outbound caller goes through the guarded fetch, which checks what a name resolves to right
// before the call. *.loopback.test names resolve to 127.0.0.1 and ::1 in the fake DNS, but would
// be answered like their *.test twins (test/support/fake-providers.ts): a refused call is one the
// fake never saw.

const raw = { env, fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init) };
const withEnv = (vars: Record<string, string>) => ({ ...raw, env: { ...env, ...vars } as Env });
const limits = { timeoutMs: 2_000, maxBytes: 1_024 };

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRefused);
  return (error as Error).message;
}

describe("the guarded fetch", () => {
  it("refuses a name that resolves to loopback, or that cannot be resolved, before calling it", async () => {
    expect(await refusal(guardedFetch(raw, "https://receiver.loopback.test/ok/x", {}, limits))).toBe("url resolves to a private address");
    expect(await refusal(guardedFetch(raw, "https://nxdomain-hooks.example/x", {}, limits))).toBe(
      "url host nxdomain-hooks.example could not be resolved: no such domain",
    );
    expect(await refusal(guardedFetch(raw, "https://servfail-hooks.example/x", {}, limits))).toBe(
      "url host servfail-hooks.example could not be resolved: the resolver answered SERVFAIL",
    );
    expect(await refusal(guardedFetch(raw, "https://nomail-hooks.example/x", {}, limits))).toBe(
      "url host nomail-hooks.example could not be resolved: it has no A or AAAA record",
    );
    expect(await refusal(guardedFetch(raw, "http://127.0.0.1:8080/x", {}, limits))).toBe(
      "url points to a private, loopback or link-local address",
    );
    expect(await refusal(guardedFetch(withEnv({ ENVIRONMENT: "production" }), "http://receiver.test/ok/x", {}, limits))).toBe(
      "url must use https",
    );
  });

  it("follows no redirect, stops at its deadline and reads at most maxBytes", async () => {
    const redirected = await guardedFetch(
      raw,
      `https://receiver.test/redirect/${crypto.randomUUID()}`,
      { method: "POST", body: "{}" },
      limits,
    );
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("Location")).toBe("https://elsewhere.test/");

    const late = await guardedFetch(raw, "https://bulk.provider.test/slow/3000", {}, { timeoutMs: 200, maxBytes: 1_024 }).catch((e) => e);
    expect(late).toMatchObject({ name: "TimeoutError" });
    const stalled = await guardedFetch(raw, "https://bulk.provider.test/stall/3000", {}, { timeoutMs: 300, maxBytes: 1_024 }).catch(
      (e) => e,
    );
    expect(stalled).toMatchObject({ name: "TimeoutError" });

    for (const kind of ["bytes", "sized"]) {
      const big = await guardedFetch(raw, `https://bulk.provider.test/${kind}/1000000`, {}, limits).catch((e) => e);
      expect(big).toBeInstanceOf(AnswerTooLarge);
      const kept = await guardedFetch(raw, `https://bulk.provider.test/${kind}/1000000`, {}, { ...limits, overflow: "truncate" });
      expect((await kept.text()).length).toBe(1_024);
    }
    const small = await guardedFetch(raw, "https://bulk.provider.test/bytes/1000", {}, limits);
    expect((await small.text()).length).toBe(1_000);
  });
});

describe("every outbound caller is checked at call time", () => {
  it("webhooks: an endpoint whose name resolves to loopback gets nothing", async () => {
    await using workflows = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const inbox = crypto.randomUUID();
    const created = await call("/v1/webhooks", {
      key: t.liveKey,
      body: { url: `https://receiver.loopback.test/ok/${inbox}`, events: ["lead.received"] },
    });
    expect(created.status).toBe(201);
    const flow = await createFlow(t.liveKey);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "x@acme.example" } } });
    await settled(workflows, 1);
    expect(await received(inbox)).toEqual([]);
    const log = (await call(`/v1/webhooks/${created.json.data.id}/deliveries`, { key: t.liveKey })).json.data;
    expect(log[0]).toMatchObject({ outcome: "failed", response_status: null, error: "url resolves to a private address" });
  });

  it("recipients: lead delivery to a name that resolves to loopback fails without calling it", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const inbox = crypto.randomUUID();
    const flow = await createFlow(t.liveKey, {
      name: "Distribution",
      configuration: {
        steps: [
          { type: "source", name: "Web" },
          {
            type: "recipient",
            name: "buyer",
            service: "http_post",
            settings: { url: `https://receiver.loopback.test/json-accepted/${inbox}`, headers: { "X-Api-Key": "buyer-secret" } },
          },
        ],
      },
    });
    expect(flow.id).toMatch(/^flow_/);
    const lead = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "ada@acme.example" } } });
    await settled(workflows, 1);
    expect(await received(inbox)).toEqual([]);
    const detail = (await call(`/api/v1/leads/${lead.json.id}`, { key: t.liveKey })).json;
    expect(detail.status).toBe("failed");
    expect(detail.events.find((e: any) => e.type === "failed")).toMatchObject({ reason: "url resolves to a private address" });
  });

  it("prospect providers: a saved provider whose name now resolves to loopback is not asked", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    await workflows.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const site = (await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
    const provider = await call("/api/agents/sales/providers", {
      key: t.liveKey,
      body: {
        name: "Vendor",
        url: "https://prospects.provider.loopback.test/search",
        auth_header: { name: "Authorization", value: "Bearer vendor-token" },
        field_mapping: { company_name: "company", website: "domain", work_email: "email", job_title: "title" },
      },
    });
    expect(provider.status).toBe(201);
    const res = await call("/api/agents/sales/leadGeneration", {
      key: t.liveKey,
      body: { ...SEED_REQUEST, siteId: site.id, userId: undefined },
    });
    await settled(workflows, 1);
    const status = (await call(`/api/agents/sales/leadGeneration/status/${res.json.data.command_id}`, { key: t.liveKey })).json.data;
    expect(status.leads_generated.filter((l: any) => l.company.startsWith("Vendor"))).toEqual([]);
    const shown = (await call(`/api/agents/sales/providers/${provider.json.data.id}`, { key: t.liveKey })).json.data;
    expect(shown.last_error).toBe("url resolves to a private address");
  });

  it("mailbox and carrier lookups: providers whose names resolve to loopback are not called", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, {
      name: "F",
      configuration: {
        steps: [
          { type: "enhancement", name: "Email", service: "email_validator", settings: { check_deliverability: true } },
          { type: "enhancement", name: "Carrier", service: "phone_validator", settings: { lookup_carrier: true } },
        ],
      },
    });
    const bindings = {
      MAILBOX_VERIFY_URL: "https://mailbox.provider.loopback.test/verify",
      CARRIER_LOOKUP_URL: "https://carrier.provider.loopback.test/lookup",
    } as Partial<Env>;
    const posted = await fetchWith(bindings, `/api/v1/flows/${flow.id}/leads`, t.liveKey, {
      lead: { email: "real@acme.example", phone: "+1 650-253-0000" },
    });
    expect(posted.status).toBe(201);
    const { enhancements } = (await call(`/api/v1/leads/${posted.json.id}`, { key: t.liveKey })).json;
    expect(enhancements.email_validation).toMatchObject({
      deliverable: null,
      provider: { provider: "mailbox_verify", status: "error", error: "url resolves to a private address" },
    });
    expect(enhancements.phone_validation).toMatchObject({
      carrier: null,
      provider: { provider: "carrier_lookup", status: "error", error: "url resolves to a private address" },
    });
  });

  it("the model provider: a base URL whose name resolves to loopback is not called, and the templates answer", async () => {
    const ctx = {
      db: openDatabase(env.DB),
      env: {
        ...env,
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: "https://llm.provider.loopback.test/v1",
        OPENAI_MODEL: "fake-valid",
      } as Env,
      now: new Date(),
      fetch: raw.fetch,
      waitUntil: () => {},
    };
    const { provenance } = await generateSequence(ctx, { prompt: "A 3-email sequence for CTOs", industry: "B2B SaaS" } as never);
    expect(provenance).toEqual({ source: "template", reason: "the model provider's url resolves to a private address" });
  });

  it("DNS-over-HTTPS: a configured resolver is used, and one whose name resolves to loopback is not", async () => {
    const configured = await dnsQuery(withEnv({ DNS_OVER_HTTPS_URL: "https://dns.resolver.test/dns-query" }), "acme.example", "MX");
    expect(configured).toEqual({
      ok: true,
      rcode: 0,
      records: [{ name: "acme.example", type: 15, TTL: 300, data: "10 mx.acme.example." }],
    });
    const refused = await dnsQuery(withEnv({ DNS_OVER_HTTPS_URL: "https://dns.loopback.test/dns-query" }), "acme.example", "MX");
    expect(refused).toEqual({ ok: false, reason: "the resolver's url resolves to a private address" });
    const literal = await dnsQuery(withEnv({ DNS_OVER_HTTPS_URL: "http://127.0.0.1:5353/dns-query" }), "acme.example", "MX");
    expect(literal).toEqual({ ok: false, reason: "the resolver's url points to a private, loopback or link-local address" });
  });
});

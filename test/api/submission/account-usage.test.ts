import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SEED_REQUEST } from "../../../src/api/agents/lead-generation/schemas";
import type * as routes from "../../../src/api/submission/account/routes";
import { expectErrorDialect } from "../../support/dialects";
import { createLead, createSender } from "../../support/email";
import { call, createFlow, createTenant, type ResponseOf } from "../../support/http";
import { loadKnownPool } from "../../support/known-pool";
import { settled } from "../../support/workflows";

type Usage = ResponseOf<typeof routes.getAccountUsage, 200>;
const usageOf = async (key: string) => {
  const res = await call<Usage>("/api/v1/account/usage", { key });
  expect(res.status).toBe(200);
  return res.json;
};

function thisMonth() {
  const now = new Date();
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
  };
}

describe("GET /api/v1/account/usage", () => {
  it("counts the requests of each quota window as the rate limiter holds them, this call included", async () => {
    const t = await createTenant("starter");
    await call("/api/v1/account", { key: t.liveKey });
    await call("/v1/sites", { key: t.liveKey });
    const usage = await usageOf(t.liveKey);
    expect(usage.period).toEqual(thisMonth());
    expect(usage.requests.map(({ name, limit, used, remaining }) => ({ name, limit, used, remaining }))).toEqual([
      { name: "burst", limit: 100, used: 3, remaining: 97 },
      { name: "hourly", limit: 1000, used: 3, remaining: 997 },
      { name: "daily", limit: 10000, used: 3, remaining: 9997 },
    ]);
    const hourly = usage.requests[1]!;
    expect(Date.parse(hourly.resets_at) - Date.parse(hourly.started_at)).toBe(3_600_000);
    expect(Date.parse(hourly.started_at) % 3_600_000).toBe(0);
    const again = await call<Usage>("/api/v1/account/usage", { key: t.liveKey });
    // The X-RateLimit-* headers of the same call tell the same count.
    expect(again.json.requests[0]!.remaining).toBe(Number(again.headers.get("X-RateLimit-Remaining")));
  });

  it("has no request windows on the unlimited plan", async () => {
    const t = await createTenant("enterprise");
    const usage = await usageOf(t.liveKey);
    expect(usage.requests).toEqual([]);
    expect(usage.lead_generation).toEqual({ quota: 10000, used: 0, remaining: 10000 });
  });

  it("counts this month's leads in the key's mode, whatever their outcome, and not last month's", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey, { name: "Usage", settings: { acceptance_criteria: "lead.age >= 18" } });
    const submit = (key: string, lead: Record<string, unknown>) => call(`/api/v1/flows/${flow.id}/leads`, { key, body: { lead } });
    const accepted = await submit(t.liveKey, { email: "a@usage.example", age: 30 });
    const rejected = await submit(t.liveKey, { email: "b@usage.example", age: 12 });
    expect([accepted.json.status, rejected.json.status]).toEqual(["accepted", "rejected"]);
    await submit(t.liveKey, { email: "c@usage.example", age: 40 });
    const old = await submit(t.liveKey, { email: "d@usage.example", age: 50 });
    await env.DB.prepare("UPDATE leads SET created_at = '2020-01-15T00:00:00.000Z' WHERE id = ?").bind(old.json.id).run();
    const testFlow = await createFlow(t.testKey);
    await call(`/api/v1/flows/${testFlow.id}/leads`, { key: t.testKey, body: { lead: { email: "t@usage.example" } } });

    expect(await usageOf(t.liveKey)).toMatchObject({ test_mode: false, leads_received: 3, emails_sent: 0 });
    expect(await usageOf(t.testKey)).toMatchObject({ test_mode: true, leads_received: 1 });
  });

  it("counts the emails handed to the transport this month", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const leadId = await createLead(t.liveKey, { first_name: "Jane", email: "jane@globex.example" });
    for (const subject of ["One", "Two"]) {
      const res = await call("/api/v1/messages", {
        key: t.liveKey,
        body: { sender_id: sender.id, lead_id: leadId, subject, html: "<p>Hi</p>" },
      });
      expect(res.status).toBe(202);
    }
    expect(await settled(sends, 2)).toEqual([{ status: "sent" }, { status: "sent" }]);
    expect((await usageOf(t.liveKey)).emails_sent).toBe(2);
    expect((await usageOf(t.testKey)).emails_sent).toBe(0);
  });

  it("shows the lead-generation quota the tenant's commands hold, as POST …/leadGeneration enforces it", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    await workflows.modifyAll((m) => m.disableSleeps());
    const t = await createTenant("starter");
    const site = (await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
    const user = (await call("/v1/users", { key: t.liveKey, body: { name: "Sam Seller", email: "sam@acme.example" } })).json.data;
    await loadKnownPool(t.id);
    const request = (maxLeads: number) => ({ ...SEED_REQUEST, siteId: site.id, userId: user.id, maxLeads });
    const created = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request(60) });
    expect(created.status).toBe(202);
    await settled(workflows, 1);
    const status = await call(`/api/agents/sales/leadGeneration/status/${created.json.data.command_id}`, { key: t.liveKey });
    const delivered = status.json.data.leads_generated.length;
    expect(delivered).toBeGreaterThan(0);
    expect((await usageOf(t.liveKey)).lead_generation).toEqual({ quota: 100, used: delivered, remaining: 100 - delivered });
    // Test keys have their own allowance of the same size (docs/behaviour.md): live use leaves it whole.
    expect((await usageOf(t.testKey)).lead_generation).toEqual({ quota: 100, used: 0, remaining: 100 });
    const tooMany = await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request(100 - delivered + 1) });
    expect(tooMany.json.error.code).toBe("QUOTA_EXCEEDED");
  });

  it("answers 401 without a key, in the submission dialect", async () => {
    const res = await call("/api/v1/account/usage");
    expect(res.status).toBe(401);
    expectErrorDialect("submission", res.json, "unauthorized");
  });
});

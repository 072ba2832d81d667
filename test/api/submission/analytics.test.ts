import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { call, createFlow, createTenant } from "../../support/http";

const today = new Date().toISOString().slice(0, 10);

describe("analytics", () => {
  it("answers the seed's query in the seed's shape", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const res = await call(
      `/api/v1/analytics?flow_id=${flow.id}&metric=conversion_rate&group_by=source&start_date=2024-01-01&end_date=2024-01-31`,
      { key: t.liveKey },
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ period: { start_date: "2024-01-01", end_date: "2024-01-31" }, metrics: [] });
    const bad = await call("/api/v1/analytics?group_by=planet", { key: t.liveKey });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe("group_by");
    const reversed = await call("/api/v1/analytics?start_date=2024-02-01&end_date=2024-01-01", { key: t.liveKey });
    expect(reversed.json.error.details[0].field).toBe("start_date");
    expect((await call(`/api/v1/analytics?flow_id=flow_other`, { key: t.liveKey })).status).toBe(404);
  });

  it("equals a hand count over the leads and their events", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant("enterprise");
    const inbox = crypto.randomUUID();
    const flow = await createFlow(t.liveKey, {
      name: "Counted",
      settings: { acceptance_criteria: "lead.budget >= 100" },
      configuration: { steps: [{ type: "recipient", name: "Buyer", settings: { url: `https://receiver.test/ok/${inbox}` } }] },
    });
    const leads = Array.from({ length: 30 }, (_, i) => ({
      lead: {
        email: `p${i}@acme.example`,
        source: ["web", "social", "partner"][i % 3],
        campaign: i % 2 ? "spring" : "autumn",
        budget: i % 4 === 0 ? 50 : 500,
        ...(i % 5 === 0 ? { phone: "+1 650-253-0000" } : {}),
      },
    }));
    const batch = await call(`/api/v1/flows/${flow.id}/leads/batch`, { key: t.liveKey, body: { leads } });
    expect(batch.json.successful).toBe(22);
    await vi.waitFor(async () => expect((await workflows.get()).length).toBe(22), { timeout: 10_000 });
    for (const instance of await workflows.get()) await instance.waitForStatus("complete");
    for (const result of batch.json.results.filter((r: any) => r.status === "success").slice(0, 5)) {
      await call(`/api/v1/leads/${result.lead_id}/feedback`, { key: t.liveKey, body: { type: "conversion", value: 100 } });
    }

    const res = await call(`/api/v1/analytics?flow_id=${flow.id}&group_by=source&start_date=${today}&end_date=${today}`, {
      key: t.liveKey,
    });
    const hand = await env.DB.prepare(
      `SELECT source, COUNT(*) AS total_leads, SUM(status != 'rejected') AS accepted_leads,
         SUM(EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.type = 'delivered')) AS delivered_leads,
         SUM(EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.type = 'converted')) AS converted_leads,
         AVG(quality_score) AS average_quality
       FROM leads l WHERE tenant_id = ? AND flow_id = ? GROUP BY source ORDER BY source`,
    )
      .bind(t.id, flow.id)
      .all<any>();
    const round = (n: number) => Math.round(n * 100) / 100;
    expect(res.json.metrics).toEqual(
      hand.results.map((h) => ({
        source: h.source,
        total_leads: h.total_leads,
        accepted_leads: h.accepted_leads,
        delivered_leads: h.delivered_leads,
        converted_leads: h.converted_leads,
        acceptance_rate: round(h.accepted_leads / h.total_leads),
        delivery_rate: round(h.delivered_leads / h.accepted_leads),
        conversion_rate: round(h.converted_leads / h.accepted_leads),
        average_quality: round(h.average_quality),
      })),
    );
    expect(res.json.metrics.reduce((n: number, m: any) => n + m.delivered_leads, 0)).toBe(22);
    expect(res.json.metrics.reduce((n: number, m: any) => n + m.converted_leads, 0)).toBe(5);

    const byDay = await call(`/api/v1/analytics?group_by=day&metric=total_leads`, { key: t.liveKey });
    expect(byDay.json.metrics).toEqual([expect.objectContaining({ date: today, total_leads: 30, accepted_leads: 22 })]);
    const byCampaign = await call(`/api/v1/analytics?group_by=campaign&metric=acceptance_rate`, { key: t.liveKey });
    expect(byCampaign.json.metrics.map((m: any) => m.campaign).sort()).toEqual(["autumn", "spring"]);
    const other = await createTenant();
    expect((await call("/api/v1/analytics?group_by=flow", { key: other.liveKey })).json.metrics).toEqual([]);
  });

  it("counts each lead's newest outcome once: a conversion undone leaves the count, even under concurrent outcomes", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const submit = async (email: string) =>
      (await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email, source: "web" } } })).json.id as string;
    const [byOutcome, byFeedback, raced] = [await submit("a@acme.example"), await submit("b@acme.example"), await submit("c@acme.example")];
    const converted = async () =>
      (await call(`/api/v1/analytics?flow_id=${flow.id}&group_by=flow`, { key: t.liveKey })).json.metrics[0].converted_leads;
    const outcome = (lead_id: string, yes: boolean) =>
      call("/v1/leads/outcomes", { key: t.liveKey, body: { outcomes: [{ lead_id, converted: yes }] } });
    const feedback = (type: string) => call(`/api/v1/leads/${byFeedback}/feedback`, { key: t.liveKey, body: { type } });

    for (const yes of [true, false, true]) expect((await outcome(byOutcome, yes)).status).toBe(200);
    expect(await converted()).toBe(1);
    for (const type of ["conversion", "return", "conversion"]) expect((await feedback(type)).status).toBe(201);
    expect(await converted()).toBe(2);
    await outcome(byOutcome, false);
    await feedback("return");
    expect(await converted()).toBe(0);
    // One request repeating a lead, then racing requests: the count follows the row, whatever the order.
    await call("/v1/leads/outcomes", {
      key: t.liveKey,
      body: { outcomes: [true, false, true].map((yes) => ({ lead_id: raced, converted: yes })) },
    });
    expect(await converted()).toBe(1);
    await Promise.all([true, true, false, true, false, true, true, false].map((yes) => outcome(raced, yes)));
    const row = await env.DB.prepare("SELECT converted FROM leads WHERE id = ?").bind(raced).first<{ converted: number }>();
    expect(await converted()).toBe(row!.converted);
  });

  it("reads the daily counts through their primary key, never the leads", async () => {
    const plan = await env.DB.prepare(
      "EXPLAIN QUERY PLAN SELECT source, sum(total) FROM lead_daily_stats WHERE tenant_id = ? AND test_mode = 0 AND day BETWEEN ? AND ? GROUP BY source",
    )
      .bind("ten_x", "2024-01-01", "2024-01-31")
      .all<{ detail: string }>();
    const detail = plan.results.map((r) => r.detail).join(" | ");
    expect(detail).toMatch(
      /SEARCH lead_daily_stats USING (COVERING )?INDEX sqlite_autoindex_lead_daily_stats_1 \(tenant_id=\? AND test_mode=\? AND day>\? AND day<\?\)/,
    );
  });
});

import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../../../src/db/schema";
import { leads } from "../../../src/db/schema";
import { searchFilter } from "../../../src/domain/leads/leads";
import { call, createFlow, createTenant } from "../../support/http";

describe("lead intake under concurrency and at volume", () => {
  it("lets exactly one of many identical leads posted at once through", async () => {
    const t = await createTenant("enterprise");
    const flow = await createFlow(t.liveKey);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "race@acme.example", first_name: "Race" } } }),
      ),
    );
    const accepted = results.filter((r) => r.json.status === "accepted");
    expect(accepted).toHaveLength(1);
    const duplicates = results.filter((r) => r.json.reason === "duplicate_detected");
    expect(duplicates).toHaveLength(19);
    expect(new Set(duplicates.map((r) => r.json.duplicate_of))).toEqual(new Set([accepted[0]!.json.id]));
    // Every post is kept as a record; exactly one of them is the accepted lead.
    const stored = await env.DB.prepare("SELECT status, COUNT(*) AS n FROM leads WHERE flow_id = ? GROUP BY status ORDER BY status")
      .bind(flow.id)
      .all();
    expect(stored.results).toEqual([
      { status: "accepted", n: 1 },
      { status: "rejected", n: 19 },
    ]);
    const events = await env.DB.prepare(
      "SELECT type, COUNT(*) AS n FROM lead_events WHERE flow_id = ? AND type IN ('accepted', 'rejected') GROUP BY type ORDER BY type",
    )
      .bind(flow.id)
      .all();
    expect(events.results).toEqual([
      { type: "accepted", n: 1 },
      { type: "rejected", n: 19 },
    ]);
  });

  it("admits exactly the cap when leads race for the last slots, and reports the headroom", async () => {
    const t = await createTenant("enterprise");
    const flow = await createFlow(t.liveKey, {
      name: "Capped",
      settings: { volume_cap: { hourly_limit: 5, daily_limit: 100 }, timezone: "America/Chicago" },
    });
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: `cap${i}@acme.example` } } }),
      ),
    );
    expect(results.filter((r) => r.json.status === "accepted")).toHaveLength(5);
    const refused = results.filter((r) => r.json.status === "rejected");
    expect(refused).toHaveLength(10);
    expect(refused.every((r) => r.json.reason === "volume_cap_exceeded" && r.json.rule === "hourly_limit 5")).toBe(true);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM leads WHERE flow_id = ? AND status = 'accepted'").bind(flow.id).first("n")).toBe(
      5,
    );
    const caps = await call(`/api/v1/flows/${flow.id}/caps`, { key: t.liveKey });
    expect(caps.json).toMatchObject({ flow_id: flow.id, timezone: "America/Chicago" });
    expect(caps.json.caps.map((c: any) => [c.name, c.limit, c.used, c.remaining])).toEqual([
      ["hourly", 5, 5, 0],
      ["daily", 100, 5, 95],
    ]);
    // Chicago's local midnight, not UTC's, resets the daily cap.
    const reset = new Date(caps.json.caps[1].resets_at);
    const chicagoHour = Number(
      new Intl.DateTimeFormat("en-US", { timeZone: "America/Chicago", hour: "numeric", hourCycle: "h23" }).format(reset),
    );
    expect(chicagoHour).toBe(0);
  });

  it("takes a batch of 1,000 with valid, invalid and duplicate leads: counts exact, nothing lost", async () => {
    const t = await createTenant("enterprise");
    const flow = await createFlow(t.liveKey);
    const items = Array.from({ length: 1000 }, (_, i) => {
      if (i % 10 === 3) return { external_id: `x${i}`, lead: { email: `broken-${i}` } };
      if (i % 10 === 7) return { external_id: `x${i}`, lead: { email: `person${i - 1}@acme.example` } };
      return {
        external_id: `x${i}`,
        lead: { email: `person${i}@acme.example`, first_name: `P${i}`, company_size: "51-200", score_hint: i },
      };
    });
    const res = await call(`/api/v1/flows/${flow.id}/leads/batch`, { key: t.liveKey, body: { leads: items } });
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ total_leads: 1000, successful: 800, failed: 200, not_processed: 0 });
    const statuses = res.json.results.map((r: any) => r.error?.code ?? r.status);
    expect(statuses.filter((s: string) => s === "validation_failed")).toHaveLength(100);
    expect(statuses.filter((s: string) => s === "duplicate_detected")).toHaveLength(100);
    expect(res.json.results[7]).toMatchObject({ external_id: "x7", error: { duplicate_of: res.json.results[6].lead_id } });
    const stored = await env.DB.prepare("SELECT status, COUNT(*) n FROM leads WHERE tenant_id = ? GROUP BY status ORDER BY status")
      .bind(t.id)
      .all();
    expect(stored.results).toEqual([
      { status: "accepted", n: 800 },
      { status: "rejected", n: 100 },
    ]);
    const events = await env.DB.prepare("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ?").bind(t.id).first<{ n: number }>();
    expect(events?.n).toBe(900 * 3);
    const sample = await call(`/api/v1/leads/${res.json.results[0].lead_id}`, { key: t.liveKey });
    expect(sample.json.lead_data).toMatchObject({ email: "person0@acme.example", company_size: "51-200", score_hint: 0 });
  });

  it("fails only its own lead for a bad external_id or certificate beside it; a null one is absent", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const res = await call(`/api/v1/flows/${flow.id}/leads/batch`, {
      key: t.liveKey,
      body: {
        leads: [
          { external_id: null, lead: { email: "one@acme.example" } },
          { external_id: "x".repeat(201), lead: { email: "two@acme.example" } },
          { external_id: { id: 3 }, lead: { email: "three@acme.example" } },
          { external_id: 4, lead: { email: "four@acme.example" }, trusted_form_cert_url: 4 },
          { external_id: 5, lead: { email: "five@acme.example" }, trusted_form_cert_url: "https://cert.trustedform.com/5" },
        ],
      },
    });
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ total_leads: 5, successful: 2, failed: 3 });
    expect(res.json.results.map((r: any) => [r.status, r.error?.details])).toEqual([
      ["success", undefined],
      ["error", [{ field: "external_id", code: "too_long", message: "external_id is at most 200 characters" }]],
      ["error", [{ field: "external_id", code: "invalid_type", message: "external_id must be text or a number" }]],
      [
        "error",
        [
          {
            field: "trusted_form_cert_url",
            code: "invalid_format",
            message: "trusted_form_cert_url must be an https URL on trustedform.com",
          },
        ],
      ],
      ["success", undefined],
    ]);
    expect(res.json.results[4].external_id).toBe("5");
  });

  it("stops at the first failure when continue_on_error is false and says what was not processed", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const leadsIn = [{ lead: { email: "one@acme.example" } }, { lead: { email: "bad" } }, { lead: { email: "three@acme.example" } }];
    const res = await call(`/api/v1/flows/${flow.id}/leads/batch`, {
      key: t.liveKey,
      body: { leads: leadsIn, options: { continue_on_error: false } },
    });
    expect(res.json).toMatchObject({ total_leads: 3, successful: 1, failed: 1, not_processed: 1 });
    expect(res.json.results.map((r: any) => r.status)).toEqual(["success", "error", "not_processed"]);
    expect(await env.DB.prepare("SELECT COUNT(*) n FROM leads WHERE tenant_id = ?").bind(t.id).first("n")).toBe(1);
  });

  it("refuses a batch over 1,000 leads naming the field", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const res = await call(`/api/v1/flows/${flow.id}/leads/batch`, {
      key: t.liveKey,
      body: { leads: Array.from({ length: 1001 }, () => ({ lead: { e: 1 } })) },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0]).toMatchObject({ field: "leads", code: "too_long" });
  });

  it("searches by every filter with pagination, served by indexes", async () => {
    const t = await createTenant("enterprise");
    const flowA = await createFlow(t.liveKey);
    const flowB = await createFlow(t.liveKey);
    const batch = (flowId: string, source: string, campaign: string, n: number) =>
      call(`/api/v1/flows/${flowId}/leads/batch`, {
        key: t.liveKey,
        body: {
          leads: Array.from({ length: n }, (_, i) => ({
            lead: { email: `${source}-${campaign}-${i}@acme.example`, source, campaign, tier: i % 2 ? "gold" : "silver" },
          })),
        },
      });
    await batch(flowA.id, "web", "spring", 25);
    await batch(flowA.id, "social", "spring", 10);
    await batch(flowB.id, "web", "autumn", 5);
    const get = async (query: string) => (await call(`/api/v1/leads?${query}`, { key: t.liveKey })).json;
    expect((await get(`flow_id=${flowA.id}`)).total_count).toBe(35);
    expect((await get("source=web")).total_count).toBe(30);
    expect((await get("campaign=autumn")).total_count).toBe(5);
    expect((await get(`flow_id=${flowA.id}&source=social&status=accepted`)).total_count).toBe(10);
    expect((await get("custom.tier=gold&source=web")).total_count).toBe(14);
    await call(`/api/v1/flows/${flowB.id}/leads/batch`, {
      key: t.liveKey,
      body: {
        leads: [
          { lead: { email: "vip@acme.example", vip: true, seats: 25 } },
          { lead: { email: "str@acme.example", vip: "true", seats: "25" } },
        ],
      },
    });
    expect((await get("custom.vip=true")).total_count).toBe(2);
    expect((await get("custom.seats=25")).total_count).toBe(2);
    expect((await get("custom.vip=false")).total_count).toBe(0);
    // An address is the same whatever its case, both as stored and as asked for.
    const jane = await call(`/api/v1/flows/${flowB.id}/leads`, { key: t.liveKey, body: { lead: { email: "Jane.Roe@ACME.example" } } });
    for (const email of ["Jane.Roe@acme.example", "jane.roe@acme.example", "JANE.ROE@ACME.EXAMPLE"])
      expect((await get(`email=${encodeURIComponent(email)}`)).leads.map((l: any) => l.id)).toEqual([jane.json.id]);
    expect((await get("created_after=2099-01-01")).total_count).toBe(0);
    const page = await get(`flow_id=${flowA.id}&limit=10&offset=30`);
    expect(page).toMatchObject({ total_count: 35, page_count: 4, current_page: 4, per_page: 10 });
    expect(page.leads).toHaveLength(5);
    const all = new Set<string>();
    for (let offset = 0; offset < 35; offset += 10)
      for (const l of (await get(`flow_id=${flowA.id}&limit=10&offset=${offset}`)).leads) all.add(l.id);
    expect(all.size).toBe(35);
    expect((await call("/api/v1/leads?limit=1001", { key: t.liveKey })).status).toBe(400);

    // Query plans: each filter is served by an index that starts with tenant_id; no full scan.
    const db = drizzle(env.DB, { schema });
    const ctx = {
      db: db as never,
      env,
      now: new Date(),
      fetch,
      waitUntil: () => {},
      tenant: { id: t.id, slug: t.slug, name: "x", plan: "enterprise" as const, sendingDomains: [] },
      testMode: false,
    };
    for (const search of [
      { flow_id: flowA.id },
      { source: "web" },
      { campaign: "spring" },
      { status: "accepted" },
      { email: "a@b.example" },
      {},
    ]) {
      const query = db
        .select()
        .from(leads)
        .where(searchFilter(ctx, { ...search, limit: 10, offset: 0 }))
        .toSQL();
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
        .bind(...query.params)
        .all<{ detail: string }>();
      const detail = plan.results.map((r) => r.detail).join(" | ");
      expect(detail).toMatch("email" in search ? /USING INDEX leads_tenant_email_nocase_idx/ : /USING (COVERING )?INDEX leads_tenant_/);
      expect(detail).not.toMatch(/SCAN leads(?! USING)/);
    }
  });
});

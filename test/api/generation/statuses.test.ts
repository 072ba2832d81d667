import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant } from "../../support/http";

// The status generators' seed answers (data), as POST /v1/config/statuses must accept them.
const SEED_LEAD_STATUSES = [
  { code: "new", name: "New", description: "Freshly created lead", color: "blue", sortOrder: 0, isDefault: true },
  { code: "contacted", name: "Contacted", description: "Initial outreach made", color: "cyan", sortOrder: 1, isDefault: false },
  { code: "qualified", name: "Qualified", description: "Meets qualification criteria", color: "green", sortOrder: 2, isDefault: false },
  { code: "demo_scheduled", name: "Demo Scheduled", description: "Demo booked", color: "indigo", sortOrder: 3, isDefault: false },
  { code: "won", name: "Won", description: "Converted to customer", color: "emerald", sortOrder: 5, isDefault: false },
  { code: "lost", name: "Lost", description: "Did not convert", color: "red", sortOrder: 6, isDefault: false },
];
const SEED_STAGES = [
  {
    code: "discovery",
    name: "Discovery",
    description: "Initial qualification",
    color: "blue",
    sortOrder: 0,
    isDefault: true,
    isClosed: false,
    isWon: false,
    defaultProbability: 10,
  },
  {
    code: "demo",
    name: "Demo",
    description: "Product demonstration",
    color: "cyan",
    sortOrder: 1,
    isDefault: false,
    isClosed: false,
    isWon: false,
    defaultProbability: 25,
  },
  {
    code: "poc",
    name: "POC",
    description: "Proof of concept",
    color: "indigo",
    sortOrder: 2,
    isDefault: false,
    isClosed: false,
    isWon: false,
    defaultProbability: 40,
  },
  {
    code: "proposal",
    name: "Proposal",
    description: "Commercial proposal sent",
    color: "violet",
    sortOrder: 3,
    isDefault: false,
    isClosed: false,
    isWon: false,
    defaultProbability: 60,
  },
  {
    code: "closed_won",
    name: "Closed Won",
    description: "Deal won",
    color: "green",
    sortOrder: 5,
    isDefault: false,
    isClosed: true,
    isWon: true,
    defaultProbability: 100,
  },
  {
    code: "closed_lost",
    name: "Closed Lost",
    description: "Deal lost",
    color: "red",
    sortOrder: 6,
    isDefault: false,
    isClosed: true,
    isWon: false,
    defaultProbability: 0,
  },
];

describe("/v1/config/statuses", () => {
  it("accepts the generators' answers unchanged, with their entity type", async () => {
    const t = await createTenant();
    const leads = await call("/v1/config/statuses", { key: t.liveKey, body: { entityType: "lead", statuses: SEED_LEAD_STATUSES } });
    expect(leads.status).toBe(201);
    expect(leads.json.data.statuses.map((s: any) => [s.code, s.isDefault, s.isClosed, s.isWon])).toEqual([
      ["new", true, false, false],
      ["contacted", false, false, false],
      ["qualified", false, false, false],
      ["demo_scheduled", false, false, false],
      ["won", false, true, true],
      ["lost", false, true, false],
    ]);
    const stages = await call("/v1/config/statuses", { key: t.liveKey, body: { entityType: "opportunity", stages: SEED_STAGES } });
    expect(stages.status).toBe(201);
    expect(stages.json.data.stages.find((s: any) => s.code === "poc")).toMatchObject({
      entityType: "opportunity",
      defaultProbability: 40,
      isClosed: false,
    });
    const listed = await call("/v1/config/statuses?entityType=opportunity", { key: t.liveKey });
    expect(listed.json.data.map((s: any) => s.code)).toEqual(SEED_STAGES.map((s) => s.code));
  });

  it("keeps exactly one default per entity type and codes unique", async () => {
    const t = await createTenant();
    const first = (await call("/v1/config/statuses", { key: t.liveKey, body: { code: "fresh", name: "Fresh" } })).json.data;
    expect(first.isDefault).toBe(true);
    const second = (await call("/v1/config/statuses", { key: t.liveKey, body: { code: "hot", name: "Hot", isDefault: true } })).json.data;
    const all = (await call("/v1/config/statuses?entityType=lead", { key: t.liveKey })).json.data;
    expect(all.filter((s: any) => s.isDefault).map((s: any) => s.id)).toEqual([second.id]);
    const clash = await call("/v1/config/statuses", { key: t.liveKey, body: { code: "hot", name: "Again" } });
    expect(clash.status).toBe(409);
    expect(clash.json.error).toMatchObject({ code: "CONFLICT", details: { field: "code" } });
    const unset = await call(`/v1/config/statuses/${second.id}`, { key: t.liveKey, method: "PATCH", body: { isDefault: false } });
    expect(unset.status).toBe(400);
    expect(unset.json.error.details.field).toBe("isDefault");
    await call(`/v1/config/statuses/${second.id}`, { key: t.liveKey, method: "DELETE" });
    const remaining = (await call("/v1/config/statuses?entityType=lead", { key: t.liveKey })).json.data;
    expect(remaining.map((s: any) => [s.code, s.isDefault])).toEqual([["fresh", true]]);
    const twice = await call("/v1/config/statuses", {
      key: t.liveKey,
      body: {
        statuses: [
          { code: "a", name: "A" },
          { code: "a", name: "B" },
        ],
      },
    });
    expect(twice.status).toBe(400);
    expect(twice.json.error.details.field).toBe("statuses[1].code");
  });

  it("refuses a malformed code, naming the field, and is the tenant's own", async () => {
    const t = await createTenant();
    const bad = await call("/v1/config/statuses", { key: t.liveKey, body: { code: "Not A Code", name: "X" } });
    expect(bad.status).toBe(400);
    expect(bad.json.success).toBe(false);
    const mine = (await call("/v1/config/statuses", { key: t.liveKey, body: { code: "mine", name: "Mine" } })).json.data;
    const other = await createTenant();
    for (const method of ["GET", "PATCH", "DELETE"] as const) {
      expect(
        (
          await call(`/v1/config/statuses/${mine.id}`, {
            key: other.liveKey,
            method,
            ...(method === "PATCH" ? { body: { name: "x" } } : {}),
          })
        ).status,
      ).toBe(404);
    }
    expect((await call("/v1/config/statuses", { key: t.testKey })).json.data).toEqual([]);
  });
});

describe("PATCH /api/v1/leads/{id}", () => {
  async function acceptedLead(key: string) {
    const flow = await createFlow(key);
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key,
      body: { lead: { email: `someone${crypto.randomUUID().slice(0, 6)}@acme.example` } },
    });
    return res.json.id as string;
  }

  it("moves a lead through the tenant's statuses, records the change, and a won status is a conversion for scoring", async () => {
    const t = await createTenant();
    await call("/v1/config/statuses", { key: t.liveKey, body: { entityType: "lead", statuses: SEED_LEAD_STATUSES } });
    const id = await acceptedLead(t.liveKey);
    const moved = await call(`/api/v1/leads/${id}`, { key: t.liveKey, method: "PATCH", body: { status: "demo_scheduled" } });
    expect(moved.status).toBe(200);
    expect(moved.json.status).toBe("demo_scheduled");
    const won = await call(`/api/v1/leads/${id}`, { key: t.liveKey, method: "PATCH", body: { status: "won", reason: "Signed" } });
    expect(won.json.status).toBe("won");
    const changes = await env.DB.prepare(
      "SELECT data, reason FROM lead_events WHERE lead_id = ? AND type = 'status_changed' ORDER BY created_at, id",
    )
      .bind(id)
      .all<any>();
    expect(changes.results.map((e) => JSON.parse(e.data))).toEqual([
      { from: "accepted", to: "demo_scheduled", closed: false, won: false },
      { from: "demo_scheduled", to: "won", closed: true, won: true },
    ]);
    expect(changes.results[1].reason).toBe("Signed");
    const lead = await env.DB.prepare("SELECT converted, outcome_at FROM leads WHERE id = ?").bind(id).first<any>();
    expect(lead.converted).toBe(1);
    expect(lead.outcome_at).not.toBeNull();
    const lost = await acceptedLead(t.liveKey);
    await call(`/api/v1/leads/${lost}`, { key: t.liveKey, method: "PATCH", body: { status: "lost" } });
    expect(await env.DB.prepare("SELECT converted FROM leads WHERE id = ?").bind(lost).first("converted")).toBe(0);
  });

  it("uses the default statuses until the tenant configures its own, and refuses any other code naming the field", async () => {
    const t = await createTenant();
    const id = await acceptedLead(t.liveKey);
    expect((await call(`/api/v1/leads/${id}`, { key: t.liveKey, method: "PATCH", body: { status: "contacted" } })).json.status).toBe(
      "contacted",
    );
    const unknown = await call(`/api/v1/leads/${id}`, { key: t.liveKey, method: "PATCH", body: { status: "teleported" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: "validation_failed", details: [{ field: "status", code: "unknown_status" }] });
    expect(unknown.json.error.message).toContain("new, contacted, qualified, won, lost");
    const other = await createTenant();
    expect((await call(`/api/v1/leads/${id}`, { key: other.liveKey, method: "PATCH", body: { status: "won" } })).status).toBe(404);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant } from "../../support/http";

async function lead(key: string) {
  const flow = await createFlow(key);
  return (
    await call(`/api/v1/flows/${flow.id}/leads`, { key, body: { lead: { email: `buyer${crypto.randomUUID().slice(0, 6)}@acme.example` } } })
  ).json.id as string;
}

describe("/v1/opportunities", () => {
  it("opens a deal in the default stage with its probability, records stage changes, and a won deal is a conversion at its amount", async () => {
    const t = await createTenant();
    const leadId = await lead(t.liveKey);
    const created = await call("/v1/opportunities", { key: t.liveKey, body: { leadId, name: "Acme annual", amount: 48000 } });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({
      leadId,
      name: "Acme annual",
      amount: 48000,
      currency: "USD",
      stage: "discovery",
      probability: 10,
      closedAt: null,
    });
    const id = created.json.data.id;
    const proposal = await call(`/v1/opportunities/${id}`, { key: t.liveKey, method: "PATCH", body: { stage: "proposal" } });
    expect(proposal.json.data).toMatchObject({ stage: "proposal", probability: 60 });
    const won = await call(`/v1/opportunities/${id}`, { key: t.liveKey, method: "PATCH", body: { stage: "closed_won" } });
    expect(won.json.data).toMatchObject({ stage: "closed_won", probability: 100, closedAt: expect.any(String) });
    const events = await env.DB.prepare(
      "SELECT data FROM lead_events WHERE lead_id = ? AND type = 'opportunity_stage_changed' ORDER BY created_at, id",
    )
      .bind(leadId)
      .all<any>();
    expect(events.results.map((e) => [JSON.parse(e.data).from, JSON.parse(e.data).to])).toEqual([
      [null, "discovery"],
      ["discovery", "proposal"],
      ["proposal", "closed_won"],
    ]);
    expect(await env.DB.prepare("SELECT converted, outcome_value FROM leads WHERE id = ?").bind(leadId).first()).toEqual({
      converted: 1,
      outcome_value: 48000,
    });
  });

  it("uses the tenant's own stages once configured, and a lost deal is a non-conversion", async () => {
    const t = await createTenant();
    await call("/v1/config/statuses", {
      key: t.liveKey,
      body: {
        entityType: "opportunity",
        stages: [
          { code: "intro", name: "Intro", isDefault: true, defaultProbability: 5 },
          { code: "gone", name: "Gone", isClosed: true, isWon: false },
        ],
      },
    });
    const leadId = await lead(t.liveKey);
    const created = (await call("/v1/opportunities", { key: t.liveKey, body: { leadId, name: "Deal" } })).json.data;
    expect(created).toMatchObject({ stage: "intro", probability: 5 });
    const unknown = await call(`/v1/opportunities/${created.id}`, { key: t.liveKey, method: "PATCH", body: { stage: "proposal" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "stage" } });
    await call(`/v1/opportunities/${created.id}`, { key: t.liveKey, method: "PATCH", body: { stage: "gone" } });
    expect(await env.DB.prepare("SELECT converted FROM leads WHERE id = ?").bind(leadId).first("converted")).toBe(0);
  });

  it("refuses an unknown lead naming the field, lists by lead, and is the tenant's own", async () => {
    const t = await createTenant();
    const missing = await call("/v1/opportunities", { key: t.liveKey, body: { leadId: "lead_nobody", name: "X" } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.field).toBe("leadId");
    const leadId = await lead(t.liveKey);
    const id = (await call("/v1/opportunities", { key: t.liveKey, body: { leadId, name: "Deal" } })).json.data.id;
    expect((await call(`/v1/opportunities?leadId=${leadId}`, { key: t.liveKey })).json.data.map((o: any) => o.id)).toEqual([id]);
    const other = await createTenant();
    for (const method of ["GET", "PATCH", "DELETE"] as const) {
      expect(
        (await call(`/v1/opportunities/${id}`, { key: other.liveKey, method, ...(method === "PATCH" ? { body: { name: "x" } } : {}) }))
          .status,
      ).toBe(404);
    }
    expect((await call("/v1/opportunities", { key: other.liveKey, body: { leadId, name: "Stolen" } })).status).toBe(400);
    expect((await call(`/v1/opportunities/${id}`, { key: t.liveKey, method: "DELETE" })).json.data).toEqual({ id, deleted: true });
  });
});

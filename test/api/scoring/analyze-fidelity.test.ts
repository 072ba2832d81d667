import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type * as scoredLeadRoutes from "../../../src/api/scoring/leads/routes";
import { call, createFlow, createTenant, type ResponseOf } from "../../support/http";

type Analysis = ResponseOf<typeof scoredLeadRoutes.analyzeLeads, 200>;
type ScoredLead = ResponseOf<typeof scoredLeadRoutes.getScoredLead, 200>;

// The scoring seed's webhook payload, as written (its recommendations are elided there as [...]).
const SEED_WEBHOOK_PAYLOAD = {
  event: "lead.hot",
  timestamp: "2025-11-08T16:00:00Z",
  data: { lead_id: "lead_abc123", score: 98, previous_score: 85, recommendations: [] as unknown[] },
};

const HOT_LEAD = {
  position: "Chief Technology Officer",
  employees: 400,
  revenue: 30000000,
  engagement_score: 100,
  last_interaction: new Date().toISOString(),
};

async function payloads(tenantId: string) {
  const rows = await env.DB.prepare("SELECT event_type, payload FROM outbox_events WHERE tenant_id = ? ORDER BY created_at, id")
    .bind(tenantId)
    .all<{ event_type: string; payload: string }>();
  return rows.results.map((r) => ({ type: r.event_type, payload: JSON.parse(r.payload) }));
}

describe("analyze as the scoring seed's client reads it", () => {
  it("sends lead.hot, prediction.updated and churn.risk_high with the seed payload's fields", async () => {
    const t = await createTenant();
    const first = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ email: "fading@bigco.example", engagement_score: 5 }] },
    });
    expect(first.status).toBe(200);
    await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "fading@bigco.example", ...HOT_LEAD }] } });
    const sent = (await payloads(t.id)).filter((p) => ["lead.hot", "prediction.updated", "churn.risk_high"].includes(p.type));
    expect(sent.map((p) => p.type).sort()).toEqual(["churn.risk_high", "lead.hot", "prediction.updated"]);
    for (const { type, payload } of sent) {
      expect(Object.keys(payload).sort(), type).toEqual(Object.keys(SEED_WEBHOOK_PAYLOAD).sort());
      expect(payload.event).toBe(type);
      for (const field of Object.keys(SEED_WEBHOOK_PAYLOAD.data)) expect(payload.data, `${type} ${field}`).toHaveProperty(field);
      expect(payload.data.lead_id).toBe(first.json.data.leads[0]!.id);
      expect(typeof payload.data.score).toBe("number");
      expect(Array.isArray(payload.data.recommendations), type).toBe(true);
    }
    const churn = sent.find((p) => p.type === "churn.risk_high")!;
    expect(churn.payload.data.previous_score).toBeNull();
    const hot = sent.find((p) => p.type === "lead.hot")!;
    expect(hot.payload.data.previous_score).toBe(first.json.data.leads[0]!.score);
  });

  it("never merges two people who share a phone: email decides, and the seed's +1234567890 is nobody's", async () => {
    const t = await createTenant();
    const shared = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: {
        leads: [
          { name: "Ann One", email: "a1@techcorp.example", phone: "+14155550199" },
          { name: "Bob Two", email: "b2@techcorp.example", phone: "+14155550199" },
        ],
      },
    });
    const [a, b] = shared.json.data.leads;
    expect(a!.id).not.toBe(b!.id);
    const stored = await env.DB.prepare("SELECT email FROM leads WHERE tenant_id = ? ORDER BY email").bind(t.id).all<{ email: string }>();
    expect(stored.results.map((r) => r.email)).toEqual(["a1@techcorp.example", "b2@techcorp.example"]);
    const later = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ name: "Cy Three", email: "c3@techcorp.example", phone: "+1 415 555 0199" }] },
    });
    expect([a!.id, b!.id]).not.toContain(later.json.data.leads[0]!.id);

    const seedPhone = (email: string) => ({ leads: [{ name: "John Doe", email, phone: "+1234567890" }] });
    const john = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: seedPhone("john@example.com") });
    const jane = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: seedPhone("jane@example.com") });
    expect(jane.json.data.leads[0]!.id).not.toBe(john.json.data.leads[0]!.id);
    const again = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: seedPhone("john@example.com") });
    expect(again.json.data.leads[0]!.id).toBe(john.json.data.leads[0]!.id);
  });

  it("matches by phone only when it is the only identifier and the names agree, and by an explicit id", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const phoneOnly = (first_name: string, last_name: string, phone: string) =>
      call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { first_name, last_name, phone } } });
    const fay = await phoneOnly("Fay", "Wong", "+1 650-253-0001");
    expect(fay.json.status).toBe("accepted");
    const stranger = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ name: "Eli Stone", email: "eli@acme.example", phone: "+16502530001" }] },
    });
    expect(stranger.json.data.leads[0]!.id).not.toBe(fay.json.id);
    const danaLead = await phoneOnly("Dana", "Reyes", "+1 650-253-0000");
    const dana = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ name: "dana reyes", email: "dana@acme.example", phone: "+16502530000" }] },
    });
    expect(dana.json.data.leads[0]!.id).toBe(danaLead.json.id);
    const emails = await env.DB.prepare("SELECT email FROM leads WHERE id = ?").bind(danaLead.json.id).first<{ email: string }>();
    expect(emails?.email).toBe("dana@acme.example");

    const byId = await call<Analysis>("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [{ id: stranger.json.data.leads[0]!.id, email: "eli.stone@acme.example" }] },
    });
    expect(byId.json.data.leads[0]!.id).toBe(stranger.json.data.leads[0]!.id);
  });

  it("begins a lead's history with lead_created, with the score it was created with or 0", async () => {
    const t = await createTenant();
    const analysed = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "new@acme.example" }] } });
    const [created] = analysed.json.data.leads;
    const fresh = await call<ScoredLead>(`/v1/leads/${created!.id}`, { key: t.liveKey });
    expect(fresh.json.data.history).toEqual([{ timestamp: fresh.json.data.created_at, event: "lead_created", score: created!.score }]);

    const flow = await createFlow(t.liveKey);
    const submitted = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "form@acme.example" } } });
    const later = await call<Analysis>("/v1/leads/analyze", { key: t.liveKey, body: { leads: [{ email: "form@acme.example" }] } });
    const detail = await call<ScoredLead>(`/v1/leads/${submitted.json.id}`, { key: t.liveKey });
    expect(detail.json.data.history.map((h) => [h.event, h.score])).toEqual([
      ["lead_created", 0],
      ["lead_scored", later.json.data.leads[0]!.score],
    ]);
  });
});

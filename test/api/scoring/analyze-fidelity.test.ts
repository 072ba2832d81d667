import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type * as scoredLeadRoutes from "../../../src/api/scoring/leads/routes";
import { call, createTenant, type ResponseOf } from "../../support/http";

type Analysis = ResponseOf<typeof scoredLeadRoutes.analyzeLeads, 200>;

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
});

import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant } from "../../support/http";

describe("read-your-writes after a 201", () => {
  it("finds the lead at once through every API that reads leads, sending back the answer's D1 bookmark", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const email = `ryw${Date.now()}@acme.example`;
    const created = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email, first_name: "Rya", source: "ryw_source" } },
    });
    expect(created.status).toBe(201);
    const bookmark = created.headers.get("X-D1-Bookmark");
    expect(bookmark).toEqual(expect.any(String));
    const headers = { "X-D1-Bookmark": bookmark! };
    const read = (path: string) => call(path, { key: t.liveKey, headers });
    const id = created.json.id;

    const byId = await read(`/api/v1/leads/${id}`);
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({ id, status: "accepted", flow_id: flow.id, lead_data: { email } });

    const search = await read(`/api/v1/leads?email=${encodeURIComponent(email)}`);
    expect(search.json.leads.map((l: { id: string }) => l.id)).toEqual([id]);

    const today = new Date().toISOString().slice(0, 10);
    const analytics = await read(`/api/v1/analytics?flow_id=${flow.id}&group_by=source&start_date=${today}&end_date=${today}`);
    expect(analytics.json.metrics).toEqual([expect.objectContaining({ source: "ryw_source", total_leads: 1, accepted_leads: 1 })]);

    const scored = await read(`/v1/leads/${id}`);
    expect(scored.status).toBe(200);
    expect(scored.json.data).toMatchObject({ id });
  });
});

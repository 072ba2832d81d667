import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant } from "../../support/http";

describe("lead submission as the seed's client reads it", () => {
  it("answers options.timeout above the platform's 30 s with 400 naming the limit", async () => {
    const t = await createTenant();
    const flow = await createFlow(t.liveKey);
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "slow@acme.example" }, options: { async: false, timeout: 45_000 } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ field: "options.timeout", code: "too_large", message: expect.stringContaining("30000") }]);
    const atLimit = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "ok@acme.example" }, options: { async: true, timeout: 30_000 } },
    });
    expect(atLimit.status).toBe(201);
  });
});

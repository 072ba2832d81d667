import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTenant } from "../../support/http";

/** The tenant's stored thresholds (live mode): null is "no value of its own", so the default applies. */
const storedThresholds = (tenantId: string) =>
  env.DB.prepare("SELECT hot_threshold, warm_threshold FROM scoring_settings WHERE tenant_id = ? AND test_mode = 0").bind(tenantId).first();

const patch = (key: string, body: unknown) => call("/v1/models/settings", { key, method: "PATCH", body });

describe("PATCH /v1/models/settings with null", () => {
  it("returns each threshold to its default, in the answer and in the stored row", async () => {
    const t = await createTenant();
    expect((await patch(t.liveKey, { hot_threshold: 80, warm_threshold: 60 })).json.data).toMatchObject({
      hot_threshold: 80,
      warm_threshold: 60,
    });

    const hot = await patch(t.liveKey, { hot_threshold: null });
    expect(hot.status).toBe(200);
    expect(hot.json.data).toMatchObject({ hot_threshold: 90, warm_threshold: 60 });
    expect(await storedThresholds(t.id)).toEqual({ hot_threshold: null, warm_threshold: 60 });

    const warm = await patch(t.liveKey, { warm_threshold: null });
    expect(warm.status).toBe(200);
    expect(warm.json.data).toMatchObject({ hot_threshold: 90, warm_threshold: 50 });
    expect(await storedThresholds(t.id)).toEqual({ hot_threshold: null, warm_threshold: null });
    expect((await call("/v1/models/settings", { key: t.liveKey })).json.data).toMatchObject({ hot_threshold: 90, warm_threshold: 50 });
  });

  it("checks warm below hot against the default a null threshold returns to, naming the field", async () => {
    const t = await createTenant();
    await patch(t.liveKey, { hot_threshold: 100, warm_threshold: 95 });
    const res = await patch(t.liveKey, { hot_threshold: null });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      status: "error",
      error: {
        code: "invalid_request",
        message: "warm_threshold (95) must be below hot_threshold (90)",
        details: { field: "hot_threshold", reason: "out_of_range" },
      },
    });
    expect(await storedThresholds(t.id)).toEqual({ hot_threshold: 100, warm_threshold: 95 });
  });
});

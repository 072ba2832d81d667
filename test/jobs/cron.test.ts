import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, createTenant } from "../support/http";

describe("hourly cron", () => {
  it("purges expired Idempotency-Key records and keeps live ones", async () => {
    const t = await createTenant();
    for (const key of ["keep", "drop"]) {
      await call("/v1/sites", { key: t.liveKey, body: { name: key, url: "https://x.example" }, headers: { "Idempotency-Key": key } });
    }
    await env.DB.prepare("UPDATE idempotency_keys SET expires_at = ? WHERE tenant_id = ? AND key = 'drop'")
      .bind(new Date(Date.now() - 1).toISOString(), t.id)
      .run();
    await worker.scheduled(createScheduledController({ cron: "17 * * * *" }), env);
    const { results } = await env.DB.prepare("SELECT key FROM idempotency_keys WHERE tenant_id = ?").bind(t.id).all<{ key: string }>();
    expect(results.map((r) => r.key)).toEqual(["keep"]);
  });
});

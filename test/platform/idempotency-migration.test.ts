import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const OWNER_MIGRATION = "0030_idempotency_per_api_key.sql";

describe("the migration that gives idempotency records their API key", () => {
  it("keeps the records already stored, owned by no key, so no request replays them", async () => {
    const at = env.TEST_MIGRATIONS.findIndex((m) => m.name === OWNER_MIGRATION);
    expect(at).toBeGreaterThan(0);
    await applyD1Migrations(env.EMPTY_DB, env.TEST_MIGRATIONS.slice(0, at));
    await env.EMPTY_DB.prepare(
      "INSERT INTO idempotency_keys (tenant_id, test_mode, key, fingerprint, state, response_status, response_body, created_at, expires_at) " +
        "VALUES ('ten_1', 0, 'k1', 'f', 'completed', 201, 'v1.a.b', '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z')",
    ).run();
    await applyD1Migrations(env.EMPTY_DB, env.TEST_MIGRATIONS);
    const rows = await env.EMPTY_DB.prepare("SELECT tenant_id, api_key_id, key, state FROM idempotency_keys").all();
    expect(rows.results).toEqual([{ tenant_id: "ten_1", api_key_id: "", key: "k1", state: "completed" }]);
  });
});

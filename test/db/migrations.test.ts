import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("migrations", () => {
  it("apply to an empty D1 and create every table and index of the schema", async () => {
    await applyD1Migrations(env.EMPTY_DB, env.TEST_MIGRATIONS);
    const { results } = await env.EMPTY_DB.prepare(
      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY type, name",
    ).all<{ type: string; name: string }>();
    const tables = results.filter((r) => r.type === "table").map((r) => r.name);
    expect(tables).toEqual([
      "api_keys",
      "campaign_leads",
      "campaigns",
      "d1_migrations",
      "drafts",
      "email_log",
      "email_outbox",
      "flows",
      "forms",
      "idempotency_keys",
      "landing_pages",
      "lead_daily_stats",
      "lead_events",
      "lead_generation_commands",
      "lead_generation_leads",
      "leads",
      "message_events",
      "messages",
      "opportunities",
      "outbox_events",
      "playground_batches",
      "playground_items",
      "prospect_companies",
      "prospect_contacts",
      "prospect_providers",
      "recipient_health",
      "scoring_batch_chunks",
      "scoring_batches",
      "scoring_models",
      "scoring_settings",
      "send_batches",
      "senders",
      "sequence_definitions",
      "sequence_enrollments",
      "sequence_events",
      "sequence_send_slots",
      "sequence_versions",
      "sites",
      "statuses",
      "suppressions",
      "tenants",
      "users",
      "webhook_deliveries",
      "webhook_endpoints",
    ]);
    const applied = await env.EMPTY_DB.prepare("SELECT name FROM d1_migrations ORDER BY id").all<{ name: string }>();
    expect(applied.results.map((r) => r.name)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
    // Applying again is a no-op.
    await applyD1Migrations(env.EMPTY_DB, env.TEST_MIGRATIONS);
  });

  it("index every tenant-owned table with tenant_id first", async () => {
    const { results } = await env.DB.prepare("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all<{
      tbl_name: string;
      sql: string;
    }>();
    for (const table of [
      "api_keys",
      "sites",
      "users",
      "flows",
      "leads",
      "lead_events",
      "outbox_events",
      "webhook_endpoints",
      "webhook_deliveries",
    ]) {
      const indexes = results.filter((r) => r.tbl_name === table);
      expect(indexes.some((r) => /\(`tenant_id`/.test(r.sql))).toBe(true);
    }
  });
});

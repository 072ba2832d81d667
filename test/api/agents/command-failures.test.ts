import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SEED_REQUEST } from "../../../src/api/agents/lead-generation/schemas";
import { openDatabase } from "../../../src/db/database";
import { analyze } from "../../../src/domain/lead-generation/analysis";
import { getCommand } from "../../../src/domain/lead-generation/commands";
import { deliver } from "../../../src/domain/lead-generation/delivery";
import { enrich } from "../../../src/domain/lead-generation/enrichment";
import { rank } from "../../../src/domain/lead-generation/ranking";
import { research } from "../../../src/domain/lead-generation/research";
import { verify } from "../../../src/domain/lead-generation/verification";
import { actingFor } from "../../../src/domain/tenancy/tenants";
import { count } from "../../support/db";
import { unreachableWorkflow } from "../../support/faults";
import { call, createTenant, fetchWith } from "../../support/http";
import { loadKnownPool } from "../../support/known-pool";
import { settled } from "../../support/workflows";

const COMMANDS = "/api/agents/sales/command/leadGeneration";

/** A starter tenant (100 leads a month) with a site, a user and the known pool; the seed's request pointed at them. */
async function setUp() {
  const t = await createTenant("starter");
  const site = (await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
  const user = (await call("/v1/users", { key: t.liveKey, body: { name: "Sam Seller", email: "sam@acme.example" } })).json.data;
  await loadKnownPool(t.id);
  const request = (overrides: Record<string, unknown> = {}) => ({ ...SEED_REQUEST, siteId: site.id, userId: user.id, ...overrides });
  return { t, request };
}

/** `db` whose next `batch()` first runs `before`, as a write committing just ahead of it would. */
function committingFirst(db: D1Database, before: () => Promise<unknown>): D1Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          await before();
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("a lead generation command whose Workflow cannot start", () => {
  it("answers 500 SYSTEM_ERROR and is failed, so its leads go back to the quota", async () => {
    const { t, request } = await setUp();
    const res = await fetchWith(
      { LEAD_GENERATION: unreachableWorkflow as unknown as Workflow },
      COMMANDS,
      t.liveKey,
      request({ maxLeads: 100 }),
    );
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      success: false,
      error: {
        code: "SYSTEM_ERROR",
        message: expect.stringMatching(/^An unexpected error occurred; quote request id req_\w+ to support$/),
      },
    });
    const rows = await env.DB.prepare("SELECT status, error_code, error, leads_delivered FROM lead_generation_commands WHERE tenant_id = ?")
      .bind(t.id)
      .all();
    expect(rows.results).toEqual([
      {
        status: "failed",
        error_code: "SYSTEM_ERROR",
        error: "The initial_search stage failed: its Workflow could not be started: workflow unavailable (injected)",
        leads_delivered: 0,
      },
    ]);

    // The whole month's quota is free again for the next command.
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    await workflows.modifyAll((m) => m.disableSleeps());
    const again = await call(COMMANDS, { key: t.liveKey, body: request({ maxLeads: 100 }) });
    expect(again.status).toBe(202);
    await settled(workflows, 1);
  });
});

describe("a cancel that commits after delivery read the command's status", () => {
  it("wins: the command stays cancelled and delivery writes no lead, no result row and no completed event", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    // The Workflow waits for its turn; the test runs the stages itself.
    await workflows.modifyAll((m) => m.mockStepResult({ name: "turn 0" }, 1));
    const { t, request } = await setUp();
    const id = (await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body: request({ maxLeads: 5 }) })).json.data.command_id;
    const scope = { tenantId: t.id, testMode: false };
    const base = { env, now: new Date(), fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init), waitUntil: () => {} };
    const ctx = await actingFor({ ...base, db: openDatabase(env.DB) }, scope);
    const command = await getCommand(ctx, id);
    const enriched = await enrich(
      ctx,
      command,
      rank(await verify(ctx, (await research(ctx, command, (await analyze(ctx, command)).plan)).shortlist)),
    );
    expect(enriched.length).toBeGreaterThan(0);

    const cancel = () => call(`/api/agents/sales/leadGeneration/${id}`, { key: t.liveKey, method: "DELETE" });
    const racing = await actingFor({ ...base, db: openDatabase(committingFirst(env.DB, cancel)) }, scope);
    expect(await deliver(racing, command, enriched)).toBeNull();

    const row = await env.DB.prepare("SELECT status, leads_delivered, summary FROM lead_generation_commands WHERE id = ?").bind(id).first();
    expect(row).toEqual({ status: "cancelled", leads_delivered: null, summary: null });
    expect(await count("SELECT COUNT(*) n FROM leads WHERE tenant_id = ? AND source = 'lead_generation'", t.id)).toBe(0);
    expect(await count("SELECT COUNT(*) n FROM lead_generation_leads WHERE command_id = ?", id)).toBe(0);
    expect(await count("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ? AND type = 'generated'", t.id)).toBe(0);
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead_generation.completed'", t.id)).toBe(
      0,
    );
  });
});

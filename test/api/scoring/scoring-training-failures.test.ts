import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { backgroundCtx } from "../../../src/domain/context";
import { labelledLeads } from "../../../src/domain/scoring/models";
import { call, createTenant, fetchWith, type TestTenant } from "../../support/http";
import { settled } from "../../support/workflows";

/** A tenant that trains after 5 outcomes of each class, with `n` analyzed leads. */
async function tenantWithLeads(n: number) {
  const t = await createTenant();
  await call("/v1/models/settings", { key: t.liveKey, method: "PATCH", body: { min_outcomes_per_class: 5 } });
  const leads = Array.from({ length: n }, (_, i) => ({ email: `p${i}@acme${i % 3}.example`, employees: 10 + i }));
  const analyzed = await call("/v1/leads/analyze", { key: t.liveKey, body: { leads } });
  return { t, ids: analyzed.json.data.leads.map((l: any) => l.id) as string[] };
}

const record = (t: TestTenant, ids: string[], from: number) =>
  call("/v1/leads/outcomes", {
    key: t.liveKey,
    body: { outcomes: ids.map((lead_id, i) => ({ lead_id, converted: (from + i) % 2 === 0 })) },
  });

const models = async (t: TestTenant) =>
  (await call("/v1/models", { key: t.liveKey })).json.data.map((m: any) => [m.version, m.status, m.reason]);

describe("a training that fails", () => {
  it("ends as failed when its step fails after the retries, and the next outcome trains again", async () => {
    const { t, ids } = await tenantWithLeads(12);
    {
      await using failing = await introspectWorkflow(env.MODEL_TRAINING);
      await failing.modifyAll(async (m) => {
        await m.disableRetryDelays();
        await m.mockStepError({ name: "train and evaluate" }, new Error("D1_ERROR: database is overloaded"));
      });
      await record(t, ids.slice(0, 10), 0);
      const instance = await vi.waitFor(
        async () => {
          const [only] = await failing.get();
          expect(only).toBeDefined();
          return only!;
        },
        { timeout: 10_000 },
      );
      await instance.waitForStatus("errored");
    }
    expect(await models(t)).toEqual([[1, "failed", "Training failed: D1_ERROR: database is overloaded"]]);

    await using workflows = await introspectWorkflow(env.MODEL_TRAINING);
    await record(t, ids.slice(10, 11), 10);
    await settled(workflows, 1);
    expect(await models(t)).toEqual([
      [2, "active", null],
      [1, "failed", "Training failed: D1_ERROR: database is overloaded"],
    ]);
  });

  it("ends as failed when the Workflow cannot be created, and a later train starts a new one", async () => {
    const t = await createTenant();
    const down = { create: async () => Promise.reject(new Error("Workflows unavailable")) } as unknown as Workflow;
    const res = await fetchWith({ MODEL_TRAINING: down }, "/v1/models/train", t.liveKey, {});
    expect(res.status).toBe(500);
    expect(await models(t)).toEqual([[1, "failed", "Training failed: Workflows unavailable"]]);

    await using workflows = await introspectWorkflow(env.MODEL_TRAINING);
    const started = await call("/v1/models/train", { key: t.liveKey, method: "POST" });
    expect(started.status).toBe(202);
    await settled(workflows, 1);
    expect(await models(t)).toEqual([
      [2, "rejected", expect.stringContaining("needs 50 conversions")],
      [1, "failed", "Training failed: Workflows unavailable"],
    ]);
  });

  it("treats a training left running for over an hour as failed, so outcomes train again", async () => {
    const { t, ids } = await tenantWithLeads(10);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
    // A run that died without a word: its row is still `training`.
    await env.DB.prepare(
      "INSERT INTO scoring_models (id, tenant_id, test_mode, version, kind, status, created_at) VALUES (?, ?, 0, 1, 'logistic', 'training', ?)",
    )
      .bind(`model_lost_${t.id}`, t.id, twoHoursAgo)
      .run();
    await using workflows = await introspectWorkflow(env.MODEL_TRAINING);
    await record(t, ids, 0);
    await settled(workflows, 1);
    expect(await models(t)).toEqual([
      [2, "rejected", "fold 4 has one class only: too few outcomes to validate on recent leads"],
      [1, "failed", "Training did not finish within an hour"],
    ]);
  });
});

describe("the leads a training reads", () => {
  it("are the newest labelled leads, oldest first", async () => {
    const { t, ids } = await tenantWithLeads(6);
    await record(t, ids.slice(0, 5), 0);
    // Written in one order, created in another; the unlabelled lead is the newest of all.
    const days = ["2024-01-03", "2024-01-01", "2024-01-05", "2024-01-02", "2024-01-04", "2024-01-06"];
    for (const [i, id] of ids.entries())
      await env.DB.prepare("UPDATE leads SET created_at = ? WHERE id = ?").bind(`${days[i]}T10:00:00.000Z`, id).run();
    const ctx = backgroundCtx(env, () => {});
    const newest = await labelledLeads(ctx, { tenantId: t.id, testMode: false, modelId: "model_none" }, 3);
    expect(newest.map((l) => [l.createdAt.slice(0, 10), l.converted])).toEqual([
      ["2024-01-03", 1],
      ["2024-01-04", 1],
      ["2024-01-05", 1],
    ]);
  });
});

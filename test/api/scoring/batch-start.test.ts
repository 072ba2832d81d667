import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createBatch } from "../../../src/domain/scoring/batches";
import type { ScoringChunkMessage } from "../../../src/platform/job-messages";
import { count } from "../../support/db";
import { call, createTenant } from "../../support/http";
import { deliver, heldQueue } from "../../support/queue";

const leadsOf = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ email: `start${i}@corp${i % 7}.example`, engagement_score: i % 100 }));
const request = (n: number) => ({
  leads: leadsOf(n),
  async: true,
  options: { include_predictions: false, include_recommendations: false },
});

/** The coordinators' namespace, whose first `start` fails as a Durable Object that cannot be reached would. */
function firstStartFails(namespace: Env["BATCH_COORDINATOR"]): Env["BATCH_COORDINATOR"] {
  let failed = false;
  return new Proxy(namespace, {
    get(target, name) {
      if (name !== "get") return Reflect.get(target, name).bind(target);
      return (id: DurableObjectId) => {
        const coordinator = target.get(id);
        return new Proxy(coordinator, {
          get(inner, method) {
            if (method === "start" && !failed) {
              failed = true;
              return () => Promise.reject(new Error("Durable Object is overloaded"));
            }
            return Reflect.get(inner, method);
          },
        });
      };
    },
  });
}

const batchRows = (tenantId: string) => count("SELECT COUNT(*) AS n FROM scoring_batches WHERE tenant_id = ?", tenantId);
const chunkRows = (tenantId: string) => count("SELECT COUNT(*) AS n FROM scoring_batch_chunks WHERE tenant_id = ?", tenantId);

describe("a scoring batch whose coordinator cannot be started", () => {
  it("fails before anything is written or queued, and a retry is scored to completion", async () => {
    const t = await createTenant("enterprise");
    const failing = { BATCH_COORDINATOR: firstStartFails(env.BATCH_COORDINATOR) } as unknown as Record<string, string>;
    const { ctx, sent } = await heldQueue(t.id, failing);
    await expect(createBatch(ctx, request(150))).rejects.toThrow("Durable Object is overloaded");
    expect([await batchRows(t.id), await chunkRows(t.id), sent.length]).toEqual([0, 0, 0]);

    const { view } = await createBatch(ctx, request(150));
    expect(sent).toHaveLength(2);
    await deliver("leadedge-jobs", sent as ScoringChunkMessage[]);
    const done = await call(`/v1/leads/batch/${view.batch.id}`, { key: t.liveKey });
    expect(done.json.data).toMatchObject({
      status: "completed",
      progress: { total_chunks: 2, chunks_done: 2, scored_leads: 150, failed_leads: 0, percent: 100 },
    });
    expect([await batchRows(t.id), await chunkRows(t.id)]).toEqual([1, 2]);
  });
});

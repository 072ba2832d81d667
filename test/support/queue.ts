import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { TenantCtx } from "../../src/domain/context";
import { backgroundCtx } from "../../src/domain/context";
import { actingFor } from "../../src/domain/tenancy/tenants";
import worker from "../../src/index";
import type { JobMessage } from "../../src/platform/job-messages";

/**
 * A tenant's domain context whose job queue only collects what is sent, so the test decides when,
 * and how often, each message is delivered. `extraEnv` configures it (a model provider, say).
 */
export async function heldQueue(tenantId: string, extraEnv: Record<string, string> = {}): Promise<{ ctx: TenantCtx; sent: JobMessage[] }> {
  const sent: JobMessage[] = [];
  const jobs = { sendBatch: async (messages: { body: JobMessage }[]) => void sent.push(...messages.map((m) => m.body)) };
  const base = {
    ...backgroundCtx({ ...env, ...extraEnv, JOBS: jobs } as unknown as Env, () => {}),
    fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init),
  };
  return { ctx: await actingFor(base, { tenantId, testMode: false }), sent };
}

let sequence = 0;
/**
 * Delivers messages to the Worker's queue handler, as the named queue, and reports acks and
 * retries; `bindings` replaces some of the Worker's bindings (a failing one, say).
 */
export async function deliver(queue: string, bodies: JobMessage[], attempts = 1, bindings: Partial<Env> = {}) {
  const batch = createMessageBatch<JobMessage>(
    queue,
    bodies.map((body) => ({ id: `msg-${++sequence}`, timestamp: new Date(), attempts, body })),
  );
  const execution = createExecutionContext();
  await worker.queue!(batch, { ...env, ...bindings }, execution);
  return getQueueResult(batch, execution);
}

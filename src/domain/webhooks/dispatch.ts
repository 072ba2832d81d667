import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import { type Database, openDatabase } from "../../db/database";
import { outboxEvents, webhookEndpoints } from "../../db/schema";
import { startInstances } from "../../platform/workflow-instances";
import type { Ctx } from "../context";
import { dispatchAfterAnswer } from "../dispatch-after-answer";
import type { DeliveryTarget } from "./deliver";
import { subscribes } from "./events";

/** The Workflow instance of one event's delivery to one endpoint: its id makes creation idempotent. */
export function deliveryInstanceId(eventId: string, endpointId: string): string {
  return `${eventId}-${endpointId}`;
}

export const startDeliveries = (env: Env, instances: { id: string; params: DeliveryTarget }[]) =>
  startInstances(env.WEBHOOK_DELIVERY, instances, "webhook deliveries");

/**
 * Hands pending outbox events to delivery Workflows, one per subscribed endpoint (or the one
 * endpoint an event is addressed to; a flow's own endpoint only for its flow's events), then marks them
 * dispatched. Runs after each write that adds events and every minute from cron, so an event
 * written by a Worker that died before dispatching still goes out; the deterministic instance ids
 * keep a second dispatch of the same event from sending it twice.
 */
export async function dispatchOutbox(env: Env, options: { tenantId?: string; limit?: number } = {}): Promise<number> {
  const db = openDatabase(env.DB);
  const readAt = new Date().toISOString();
  // A tenant's dispatch reads its endpoints first, once, to skip reading events nobody hears.
  const tenantEndpoints = options.tenantId ? await enabledEndpoints(db, [options.tenantId]) : null;
  if (options.tenantId && tenantEndpoints?.length === 0) {
    // Nobody to deliver to: mark the tenant's pending events without reading them, which is most
    // of what an intake burst would otherwise cost. Events stamped after the endpoints were read
    // wait for the next dispatch, so one written beside a new endpoint still reaches it.
    await db
      .update(outboxEvents)
      .set({ dispatchedAt: readAt })
      .where(and(isNull(outboxEvents.dispatchedAt), eq(outboxEvents.tenantId, options.tenantId), lte(outboxEvents.createdAt, readAt)));
    return 0;
  }
  const pending = await db
    .select()
    .from(outboxEvents)
    .where(
      options.tenantId
        ? and(isNull(outboxEvents.dispatchedAt), eq(outboxEvents.tenantId, options.tenantId))
        : isNull(outboxEvents.dispatchedAt),
    )
    .orderBy(asc(outboxEvents.createdAt))
    .limit(options.limit ?? 500);
  if (pending.length === 0) return 0;

  const endpoints = tenantEndpoints ?? (await enabledEndpoints(db, [...new Set(pending.map((e) => e.tenantId))]));
  const instances = pending.flatMap((event) =>
    endpoints
      .filter(
        (ep) =>
          ep.tenantId === event.tenantId &&
          ep.testMode === event.testMode &&
          (event.endpointId ? ep.id === event.endpointId : subscribes(ep.events, event.eventType)) &&
          // A flow's notification endpoint hears only about that flow's leads.
          (ep.flowId === null || ep.flowId === event.payload.flow_id),
      )
      .map((ep) => ({
        id: deliveryInstanceId(event.id, ep.id),
        params: { tenantId: event.tenantId, testMode: event.testMode, endpointId: ep.id, eventId: event.id },
      })),
  );
  await startDeliveries(env, instances);
  const at = new Date().toISOString();
  const ids = pending.map((e) => e.id);
  for (let start = 0; start < ids.length; start += 90) {
    await db
      .update(outboxEvents)
      .set({ dispatchedAt: at })
      .where(inArray(outboxEvents.id, ids.slice(start, start + 90)));
  }
  return instances.length;
}

/** The tenants' enabled endpoints, every mode and flow: those a pending event could be delivered to. */
const enabledEndpoints = (db: Database, tenantIds: string[]) =>
  db
    .select()
    .from(webhookEndpoints)
    .where(and(inArray(webhookEndpoints.tenantId, tenantIds), eq(webhookEndpoints.enabled, true)));

/** After a write that added outbox events: dispatch them once the answer is on its way. */
export function dispatchSoon(ctx: Ctx & { tenant: { id: string } }): void {
  dispatchAfterAnswer(ctx, "dispatchOutbox", () => dispatchOutbox(ctx.env, { tenantId: ctx.tenant.id }));
}

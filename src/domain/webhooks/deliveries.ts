import { and, desc, eq } from "drizzle-orm";
import { type WebhookDelivery, webhookDeliveries } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { deliveryInstanceId, startDeliveries } from "./dispatch";
import { getEndpoint } from "./endpoints";

export async function listDeliveries(ctx: TenantCtx, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
  await getEndpoint(ctx, endpointId);
  return ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(ownedBy(webhookDeliveries, ctx), eq(webhookDeliveries.endpointId, endpointId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/** Sends a delivered (or failed) event to the endpoint again, as a new Workflow with the same event id. */
export async function redeliver(ctx: TenantCtx, endpointId: string, deliveryId: string) {
  const endpoint = await getEndpoint(ctx, endpointId);
  const [delivery] = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(ownedBy(webhookDeliveries, ctx), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.id, deliveryId)))
    .limit(1);
  if (!delivery) throw new ApiError("not_found", `Delivery ${deliveryId} does not exist`);
  if (!endpoint.enabled)
    throw new ApiError("conflict", `Webhook endpoint ${endpointId} is disabled; enable it first`, [
      { field: "enabled", code: "disabled", message: endpoint.disabledReason ?? "disabled" },
    ]);
  const instanceId = `${deliveryInstanceId(delivery.eventId, endpointId)}-r${ctx.now.getTime()}`;
  await startDeliveries(ctx.env, [
    { id: instanceId, params: { tenantId: ctx.tenant.id, testMode: ctx.testMode, endpointId, eventId: delivery.eventId } },
  ]);
  return { delivery_id: delivery.id, event_id: delivery.eventId, instance_id: instanceId, status: "queued" as const };
}

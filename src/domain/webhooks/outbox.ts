import type { OutboxEvent } from "../../db/schema";
import { newId } from "../../platform/ids";

/**
 * A webhook event to write in the same D1 batch as the change it reports. It goes to every
 * endpoint of the owner subscribed to its type, or, with `endpointId`, to that endpoint alone.
 */
export function outboxEvent(
  owner: { tenantId: string; testMode: boolean },
  eventType: string,
  payload: Record<string, unknown>,
  now: Date,
  endpointId: string | null = null,
): OutboxEvent {
  return { id: newId("evt", now.getTime()), tenantId: owner.tenantId, testMode: owner.testMode, eventType, payload, endpointId, createdAt: now.toISOString(), dispatchedAt: null };
}

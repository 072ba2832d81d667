import { asStatement } from "../../db/bulk";
import type { Database } from "../../db/database";
import { type OutboxEvent, outboxEvents } from "../../db/schema";
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
  return {
    id: newId("evt", now.getTime()),
    tenantId: owner.tenantId,
    testMode: owner.testMode,
    eventType,
    payload,
    endpointId,
    createdAt: now.toISOString(),
    dispatchedAt: null,
  };
}

/**
 * The one event that reports a batch finished, as a statement for the batch that finishes it.
 * Its id derives from the batch, so every attempt to write it after the first writes nothing.
 */
export function completionEvent(
  db: Database,
  batch: { id: string; tenantId: string; testMode: boolean },
  eventType: string,
  payload: Record<string, unknown>,
  now: Date,
  endpointId: string | null = null,
): D1PreparedStatement {
  const event = { ...outboxEvent(batch, eventType, payload, now, endpointId), id: `evt_${batch.id}_completed` };
  return asStatement(db, db.insert(outboxEvents).values(event).onConflictDoNothing());
}

import { eq, sql } from "drizzle-orm";
import { asStatement } from "../../db/bulk";
import type { Database } from "../../db/database";
import { outboxEvents, type SequenceEnrollment, type SequenceEvent, sequenceEnrollments, sequenceEvents } from "../../db/schema";
import { outboxEvent } from "../webhooks/outbox";

// What an enrollment did, as statements for the batch that does it: a sequence event (the stats
// count these) and, for the four that webhooks hear of, its `sequence.*` webhook event. Ids derive
// from the enrollment and node, so a retried step writes each once.

type Kind = SequenceEvent["type"];

const WEBHOOK: Partial<Record<Kind, string>> = {
  enrolled: "sequence.enrolled",
  email_sent: "sequence.email_sent",
  exited: "sequence.exited",
  completed: "sequence.completed",
};

export function sequenceWebhookPayload(
  eventType: string,
  enrollment: Pick<SequenceEnrollment, "id" | "sequenceId" | "version" | "leadId">,
  at: Date,
  extra: Record<string, unknown> = {},
) {
  return {
    event: eventType,
    timestamp: at.toISOString(),
    data: {
      workflow_id: enrollment.sequenceId,
      version: enrollment.version,
      enrollment_id: enrollment.id,
      lead_id: enrollment.leadId,
      ...extra,
    },
  };
}

/** The event (and its webhook) for an enrollment known here. `nodeId` null: the enrollment as a whole. */
export function sequenceEventStatements(
  db: Database,
  enrollment: Pick<SequenceEnrollment, "id" | "tenantId" | "testMode" | "sequenceId" | "version" | "leadId">,
  kind: Kind,
  nodeId: string | null,
  at: Date,
  extra: { reason?: string | null; messageId?: string } = {},
): D1PreparedStatement[] {
  const id = `evt_${enrollment.id}_${nodeId ?? "run"}_${kind}${extra.messageId && kind !== "email_sent" ? `_${extra.messageId}` : ""}`;
  const statements = [
    asStatement(
      db,
      db
        .insert(sequenceEvents)
        .values({
          id,
          tenantId: enrollment.tenantId,
          testMode: enrollment.testMode,
          sequenceId: enrollment.sequenceId,
          version: enrollment.version,
          enrollmentId: enrollment.id,
          nodeId,
          type: kind,
          reason: extra.reason ?? null,
          createdAt: at.toISOString(),
        })
        .onConflictDoNothing(),
    ),
  ];
  // A node's `completed` is for the stats; `sequence.completed` is the enrollment's.
  const webhook = kind === "completed" && nodeId !== null ? undefined : WEBHOOK[kind];
  if (webhook) {
    const payload = sequenceWebhookPayload(webhook, enrollment, at, {
      node_id: nodeId,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.messageId ? { message_id: extra.messageId } : {}),
    });
    statements.push(
      asStatement(
        db,
        db
          .insert(outboxEvents)
          .values({ ...outboxEvent(enrollment, webhook, payload, at), id: `${id}_webhook` })
          .onConflictDoNothing(),
      ),
    );
  }
  return statements;
}

/**
 * For the email domain, which knows a message's enrollment id but not the enrollment: the event
 * read from the enrollment row inside the statement (no row, no event).
 */
export function messageSequenceEvent(
  db: Database,
  message: { id: string; enrollmentId: string | null; nodeId: string | null },
  kind: "email_sent" | "opened" | "clicked" | "replied" | "bounced" | "unsubscribed",
  at: Date,
): D1PreparedStatement[] {
  if (!message.enrollmentId) return [];
  const id = `evt_${message.enrollmentId}_${message.nodeId}_${kind}_${message.id}`;
  const row = db
    .select({
      id: sql`${id}`.as("id"),
      tenantId: sequenceEnrollments.tenantId,
      testMode: sequenceEnrollments.testMode,
      sequenceId: sequenceEnrollments.sequenceId,
      version: sequenceEnrollments.version,
      enrollmentId: sequenceEnrollments.id,
      nodeId: sql`${message.nodeId}`.as("node_id"),
      type: sql`${kind}`.as("type"),
      reason: sql`NULL`.as("reason"),
      createdAt: sql`${at.toISOString()}`.as("created_at"),
    })
    .from(sequenceEnrollments)
    .where(eq(sequenceEnrollments.id, message.enrollmentId));
  const statements = [asStatement(db, db.insert(sequenceEvents).select(row).onConflictDoNothing())];
  if (kind === "email_sent") {
    const webhook = db
      .select({
        id: sql`${`${id}_webhook`}`.as("id"),
        tenantId: sequenceEnrollments.tenantId,
        testMode: sequenceEnrollments.testMode,
        eventType: sql`'sequence.email_sent'`.as("event_type"),
        payload: sql`json_object(
          'event', 'sequence.email_sent',
          'timestamp', ${at.toISOString()},
          'data', json_object(
            'workflow_id', ${sequenceEnrollments.sequenceId},
            'version', ${sequenceEnrollments.version},
            'enrollment_id', ${sequenceEnrollments.id},
            'lead_id', ${sequenceEnrollments.leadId},
            'node_id', ${message.nodeId},
            'message_id', ${message.id}
          )
        )`.as("payload"),
        endpointId: sql`NULL`.as("endpoint_id"),
        createdAt: sql`${at.toISOString()}`.as("created_at"),
        dispatchedAt: sql`NULL`.as("dispatched_at"),
      })
      .from(sequenceEnrollments)
      .where(eq(sequenceEnrollments.id, message.enrollmentId));
    statements.push(asStatement(db, db.insert(outboxEvents).select(webhook).onConflictDoNothing()));
  }
  return statements;
}

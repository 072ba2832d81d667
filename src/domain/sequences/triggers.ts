import type { Database } from "../../db/database";
import { newId } from "../../platform/ids";

// Triggers other than `manual`: the change that fires one (a lead accepted into a flow, a form
// post, a status change, a lead turning hot) writes, in its own D1 batch, an enrollment in every
// active sequence whose active version's trigger matches. The enrollment row is the outbox: it is
// started by the writer's dispatch or by the cron, so no enrollment is lost if the Worker stops.

export type TriggerEvent =
  | { type: "lead_created"; flowId: string }
  | { type: "form_submitted"; formId: string }
  | { type: "status_changed"; status: string }
  | { type: "score_hot" };

const MATCH: Record<TriggerEvent["type"], { path: string; value: (e: TriggerEvent) => string } | null> = {
  lead_created: { path: "$.data.flowId", value: (e) => (e as { flowId: string }).flowId },
  form_submitted: { path: "$.data.formId", value: (e) => (e as { formId: string }).formId },
  status_changed: { path: "$.data.status", value: (e) => (e as { status: string }).status },
  score_hot: null,
};

// Each matching sequence gets its own enrollment id: a time-sortable prefix shared by this write,
// then the sequence's own id, so one lead enrolled in two sequences at once gets two ids. A lead
// enrolled before is skipped (unless the sequence allows re-enrollment and that one ended), as is
// one without an email address or on the suppression list.
const SQL = `INSERT OR IGNORE INTO sequence_enrollments
  (id, tenant_id, test_mode, sequence_id, version, lead_id, status, source, current_node_id, path,
   next_wake_at, exit_reason, public_url, dispatched_at, created_at, updated_at, ended_at)
SELECT ?1 || substr(d.id, 4), d.tenant_id, d.test_mode, d.id, d.active_version, ?2, 'active', ?3, NULL, '[]',
   NULL, NULL, ?4, NULL, ?5, ?5, NULL
FROM sequence_definitions d
JOIN sequence_versions v ON v.sequence_id = d.id AND v.version = d.active_version
WHERE d.tenant_id = ?6 AND d.test_mode = ?7 AND d.status = 'active' AND ?8 IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM json_each(v.nodes) n
    WHERE json_extract(n.value, '$.type') = 'trigger'
      AND json_extract(n.value, '$.data.triggerType') = ?3
      AND (?9 IS NULL OR json_extract(n.value, ?10) = ?9))
  AND NOT EXISTS (
    SELECT 1 FROM suppressions s WHERE s.tenant_id = d.tenant_id AND s.test_mode IN (0, 1) AND s.email = lower(?8))
  AND NOT EXISTS (
    SELECT 1 FROM sequence_enrollments e
    WHERE e.tenant_id = d.tenant_id AND e.lead_id = ?2 AND e.sequence_id = d.id
      AND (e.status IN ('active', 'paused') OR d.allow_reenrollment = 0))`;

/** The statement that enrolls the lead in every active sequence this event triggers. */
export function triggerStatement(
  db: Database,
  lead: { id: string; tenantId: string; testMode: boolean; email: string | null },
  event: TriggerEvent,
  publicUrl: string,
  now: Date,
): D1PreparedStatement {
  const match = MATCH[event.type];
  return db.$client
    .prepare(SQL)
    .bind(
      newId("enr", now.getTime()),
      lead.id,
      event.type,
      publicUrl,
      now.toISOString(),
      lead.tenantId,
      lead.testMode ? 1 : 0,
      lead.email,
      match ? match.value(event) : null,
      match ? match.path : null,
    );
}

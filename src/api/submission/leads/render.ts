import type { Lead, LeadEvent } from "../../../db/schema";
import { type Rejection, rejectionOf } from "../../../domain/intake/outcomes";
import type { RecordedLead } from "../../../domain/intake/record";
import type { BatchOutcome } from "../../../domain/intake/submit";
import { leadDataAsSent } from "../../../domain/leads/lead-data";
import { leadPricing } from "../../../domain/leads/pricing";

// Leads, their events and submission outcomes in the shapes schemas.ts declares.

export function renderEvent(event: LeadEvent) {
  const data = event.data ?? {};
  return {
    id: event.id,
    type: event.type,
    timestamp: event.createdAt,
    outcome: event.outcome,
    ...(Array.isArray(data.enhancements) ? { enhancements: data.enhancements as string[] } : {}),
    ...(Array.isArray(data.failed_checks) ? { failed_checks: data.failed_checks as string[] } : {}),
    ...(event.reason ? { reason: event.reason } : {}),
    ...(typeof data.rule === "string" ? { rule: data.rule } : {}),
    ...(data.recipient && typeof data.recipient === "object"
      ? {
          recipient: (data.recipient as { name: string }).name,
          duration_ms: data.duration_ms as number,
          response_code: data.response_code as number | null,
        }
      : {}),
  };
}

export function renderLeadDetail(lead: Lead, events: LeadEvent[]) {
  return {
    id: lead.id,
    flow_id: lead.flowId,
    external_id: lead.externalId,
    created_at: lead.createdAt,
    updated_at: lead.updatedAt,
    status: lead.status,
    test_mode: lead.testMode,
    lead_data: leadDataAsSent(lead),
    enhancements: lead.enhancements,
    events: events.map(renderEvent),
    quality_metrics:
      (lead.qualityMetrics as { overall_score: number; completeness: number; accuracy: number; fraud_risk: number } | null) ?? null,
    pricing: leadPricing(lead),
    reason: lead.reason,
  };
}

function renderRejection(why: Rejection) {
  return { reason: why.reason, rule: why.rule, message: why.message, duplicate_of: why.duplicateOf };
}

export function renderSubmission(recorded: RecordedLead, delivery: LeadEvent | null) {
  const { lead } = recorded;
  return {
    id: lead.id,
    status: lead.status as "accepted" | "rejected",
    flow_id: lead.flowId!,
    created_at: lead.createdAt,
    test_mode: lead.testMode,
    events: [...recorded.events, ...(delivery ? [delivery] : [])].map(renderEvent),
    quality_score: lead.qualityScore ?? 0,
    pricing: leadPricing(lead),
    ...renderRejection(rejectionOf(recorded)),
  };
}

export function renderBatchItem(outcome: BatchOutcome) {
  const external_id = outcome.externalId;
  if (outcome.kind === "not_processed") return { external_id, status: "not_processed" as const };
  if (outcome.kind === "invalid") {
    return {
      external_id,
      status: "error" as const,
      error: { code: "validation_failed", message: "Lead validation failed", details: outcome.prepared.issues },
    };
  }
  const { lead } = outcome.recorded;
  if (lead.status === "accepted")
    return { external_id, status: "success" as const, lead_id: lead.id, quality_score: lead.qualityScore ?? 0 };
  const why = rejectionOf(outcome.recorded);
  if (why.reason === "duplicate_detected") {
    return {
      external_id,
      status: "error" as const,
      lead_id: lead.id,
      error: { code: "duplicate_detected", message: "Lead matches existing record", duplicate_of: why.duplicateOf },
    };
  }
  return {
    external_id,
    status: "rejected" as const,
    lead_id: lead.id,
    quality_score: lead.qualityScore ?? 0,
    reason: why.reason,
    rule: why.rule,
  };
}

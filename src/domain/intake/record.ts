import type { Flow, Lead, LeadEvent, OutboxEvent } from "../../db/schema";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { fieldColumns, leadDataAsSent } from "../leads/lead-data";
import { priceFor } from "../leads/pricing";
import { outboxEvent as newOutboxEvent } from "../webhooks/outbox";
import { failedChecks as failedChecksOf } from "./enhance";
import type { PreparedLead } from "./prepare";
import { REJECTION_REASON, type RuleCheck } from "./rules";

export interface Decision {
  status: "accepted" | "rejected";
  failed: RuleCheck | null;
  duplicateOf: string | null;
}

/** The first failed check decides: rules in their order, then duplicates, then caps. */
export function decide(checks: RuleCheck[], duplicateOf: string | null = null): Decision {
  const failed = checks.find((c) => !c.passed) ?? null;
  return { status: failed ? "rejected" : "accepted", failed, duplicateOf };
}

export interface RecordedLead {
  lead: Lead;
  events: LeadEvent[];
  outbox: OutboxEvent[];
}

function outboxEvent(ctx: TenantCtx, lead: Lead, eventType: string, data: Record<string, unknown>): OutboxEvent {
  const payload = {
    event_type: eventType,
    timestamp: ctx.now.toISOString(),
    flow_id: lead.flowId,
    lead_id: lead.id,
    data: { lead: leadDataAsSent(lead), quality_score: lead.qualityScore, ...data },
  };
  return newOutboxEvent(lead, eventType, payload, ctx.now);
}

/** The rows a submitted lead leaves behind: the lead, its timeline, and its webhook events. */
export function recordLead(ctx: TenantCtx, flow: Flow, prepared: PreparedLead, decision: Decision): RecordedLead {
  const at = ctx.now.toISOString();
  const reason = decision.failed ? REJECTION_REASON[decision.failed.check] : null;
  const accepted = decision.status === "accepted";
  const price = priceFor(flow.settings.pricing, accepted);
  const lead: Lead = {
    ...nullLead(),
    ...fieldColumns(prepared.fields),
    id: prepared.leadId,
    tenantId: ctx.tenant.id,
    testMode: prepared.testMode,
    flowId: flow.id,
    externalId: prepared.externalId ?? null,
    status: decision.status,
    customFields: prepared.custom,
    fieldNames: Object.keys(prepared.fieldNames).length > 0 ? prepared.fieldNames : null,
    consent: prepared.consent,
    trustedFormCertUrl: prepared.trustedFormCertUrl,
    enhancements: prepared.enhancements as Record<string, unknown>,
    qualityMetrics: { ...prepared.quality },
    qualityScore: prepared.quality.overall_score,
    priceAmount: price.amount,
    priceCurrency: price.currency,
    reason,
    createdAt: at,
    updatedAt: at,
  };
  const event = (
    type: string,
    outcome: LeadEvent["outcome"],
    eventReason: string | null,
    data: Record<string, unknown> | null,
  ): LeadEvent => ({
    id: newId("evt"),
    tenantId: lead.tenantId,
    testMode: lead.testMode,
    leadId: lead.id,
    flowId: flow.id,
    type,
    outcome,
    reason: eventReason,
    data,
    createdAt: at,
  });
  const failed = decision.failed;
  const failedChecks = failedChecksOf(prepared.enhancements);
  const events = [
    event("received", "success", null, null),
    failedChecks.length > 0
      ? event("enhanced", "failure", `${failedChecks.join(", ")} failed`, {
          enhancements: prepared.applied,
          failed_checks: failedChecks,
        })
      : event("enhanced", "success", null, { enhancements: prepared.applied }),
    accepted
      ? event("accepted", "success", null, { quality_score: lead.qualityScore })
      : event("rejected", "failure", reason, { rule: failed?.rule, message: failed?.reason, duplicate_of: decision.duplicateOf }),
  ];
  const outbox = [
    outboxEvent(ctx, lead, "lead.received", {}),
    accepted
      ? outboxEvent(ctx, lead, "lead.accepted", {})
      : outboxEvent(ctx, lead, "lead.rejected", { reason, rule: failed?.rule ?? null }),
  ];
  return { lead, events, outbox };
}

function nullLead(): Omit<Lead, "id" | "tenantId" | "testMode" | "status" | "customFields" | "enhancements" | "createdAt" | "updatedAt"> {
  return {
    flowId: null,
    externalId: null,
    deliveryPendingSince: null,
    firstName: null,
    lastName: null,
    name: null,
    email: null,
    phone: null,
    company: null,
    position: null,
    industry: null,
    website: null,
    address: null,
    city: null,
    state: null,
    postalCode: null,
    country: null,
    location: null,
    companySize: null,
    employees: null,
    revenue: null,
    linkedin: null,
    source: null,
    campaign: null,
    score: null,
    matchScore: null,
    qualityScore: null,
    verified: null,
    conversionProbability: null,
    scoreCategory: null,
    scoringModel: null,
    scoredAt: null,
    converted: null,
    outcomeValue: null,
    outcomeAt: null,
    engagementScore: null,
    lastInteractionAt: null,
    fieldNames: null,
    consent: null,
    trustedFormCertUrl: null,
    qualityMetrics: null,
    priceAmount: null,
    priceCurrency: null,
    reason: null,
  };
}

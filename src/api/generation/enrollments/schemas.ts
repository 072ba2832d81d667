import { z } from "@hono/zod-openapi";
import type { SequenceEnrollment } from "../../../db/schema";
import type { EnrollResult } from "../../../domain/sequences/enrollments";
import { MAX_ENROLL_IDS } from "../../../domain/sequences/enrollments";
import { successEnvelope } from "../../../platform/envelopes";

const STATUSES = ["active", "paused", "completed", "exited", "cancelled"] as const;

export const EnrollInput = z
  .object({
    lead_ids: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(MAX_ENROLL_IDS)
      .optional()
      .openapi({ description: `At most ${MAX_ENROLL_IDS} lead ids`, example: ["lead_01jd0x5v7k2m3n4p5q6r7s8t9v"] }),
    filter: z
      .object({
        flow_id: z.string().max(64).optional(),
        status: z.string().max(64).optional(),
        source: z.string().max(200).optional(),
        campaign: z.string().max(200).optional(),
        custom: z
          .record(z.string(), z.string())
          .optional()
          .openapi({ description: "Custom-field equality", example: { tier: "gold" } }),
      })
      .optional()
      .openapi({ description: `The leads matching every filter (oldest first, at most ${MAX_ENROLL_IDS} per call)` }),
  })
  .refine((v) => (v.lead_ids === undefined) !== (v.filter === undefined), {
    message: "Send lead_ids or filter, not both",
    path: ["lead_ids"],
  })
  .openapi("EnrollmentRequest");

export const EnrollmentAccepted = successEnvelope(
  z
    .object({
      workflow_id: z.string().openapi({ example: "wf_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
      version: z.number().int().openapi({ example: 1 }),
      requested: z.number().int().openapi({ example: 3 }),
      enrolled: z.number().int().openapi({ example: 2 }),
      skipped: z.number().int().openapi({ example: 1 }),
      skipped_by_reason: z.record(z.string(), z.number().int()).openapi({
        description: "not_found, no_email, unsubscribed, suppressed (bounced, complained or listed by hand), already_enrolled",
        example: { already_enrolled: 1 },
      }),
      enrollments: z
        .array(z.object({ id: z.string(), lead_id: z.string() }))
        .openapi({ example: [{ id: "enr_01jd0x5v7k2m3n4p5q6r7s8t9v", lead_id: "lead_01jd0x5v7k2m3n4p5q6r7s8t9v" }] }),
      status_url: z.string().openapi({ example: "/v1/workflows/wf_01jd0x5v7k2m3n4p5q6r7s8t9v/enrollments" }),
    })
    .openapi("EnrollmentBatch"),
  "EnrollmentAccepted",
);

export function renderEnrollResult(result: EnrollResult) {
  const skipped = Object.values(result.skipped).reduce((a, b) => a + (b ?? 0), 0);
  return {
    workflow_id: result.sequenceId,
    version: result.version,
    requested: result.requested,
    enrolled: result.enrolled.length,
    skipped,
    skipped_by_reason: result.skipped as Record<string, number>,
    enrollments: result.enrolled,
    status_url: `/v1/workflows/${result.sequenceId}/enrollments`,
  };
}

const PathStep = z
  .object({
    node_id: z.string().openapi({ example: "email-1" }),
    type: z.string().openapi({ example: "email" }),
    entered_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    left_at: z.string().nullable().openapi({ example: "2026-11-22T10:00:01.000Z" }),
    outcome: z.string().nullable().openapi({
      description: "sent <message id>, waited, yes: …, no: timed out, an action's result, exited: <reason>",
      example: "sent msg_01jd0x5v7k2m3n4p5q6r7s8t9v",
    }),
  })
  .openapi("EnrollmentPathStep");

export const Enrollment = z
  .object({
    id: z.string().openapi({ example: "enr_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    workflow_id: z.string().openapi({ example: "wf_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    version: z.number().int().openapi({ example: 1 }),
    lead_id: z.string().openapi({ example: "lead_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    status: z.enum(STATUSES).openapi({ example: "active" }),
    source: z.string().openapi({ description: "manual, a trigger type, or workflow:<id> for an enroll action", example: "manual" }),
    current_node_id: z.string().nullable().openapi({ example: "wait-1" }),
    path: z.array(PathStep),
    next_wake_at: z
      .string()
      .nullable()
      .openapi({ description: "When a wait, a capped email or an engagement timeout ends", example: null }),
    exit_reason: z
      .string()
      .nullable()
      .openapi({ description: "replied, unsubscribed, bounced, suppressed, won, lost, removed, no_email, cancelled, …", example: null }),
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    ended_at: z.string().nullable().openapi({ example: null }),
  })
  .openapi("Enrollment");

export const renderEnrollment = (e: SequenceEnrollment): z.infer<typeof Enrollment> => ({
  id: e.id,
  workflow_id: e.sequenceId,
  version: e.version,
  lead_id: e.leadId,
  status: e.status,
  source: e.source,
  current_node_id: e.currentNodeId,
  path: e.path.map((p) => ({ node_id: p.nodeId, type: p.type, entered_at: p.enteredAt, left_at: p.leftAt, outcome: p.outcome })),
  next_wake_at: e.nextWakeAt,
  exit_reason: e.exitReason,
  created_at: e.createdAt,
  updated_at: e.updatedAt,
  ended_at: e.endedAt,
});

export const EnrollmentSearch = z.object({
  status: z.enum(STATUSES).optional().openapi({ example: "active" }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ example: 0 }),
});

export const EnrollmentResponse = successEnvelope(Enrollment, "EnrollmentResponse");
export const EnrollmentList = successEnvelope(z.array(Enrollment), "EnrollmentList");
export const SequencePaused = successEnvelope(
  z.object({ workflow_id: z.string(), enrollments_changed: z.number().int() }).openapi("SequencePauseResult"),
  "SequencePaused",
);

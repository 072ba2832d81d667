import { z } from "@hono/zod-openapi";
import type { SendBatch } from "../../../db/schema";
import type { StepSend } from "../../../domain/campaigns/step-sends";
import type { SendCounts } from "../../../domain/email/send-batches";

export const StepParams = z.object({
  campaign_id: z
    .string()
    .max(64)
    .openapi({ param: { name: "campaign_id", in: "path" }, example: "3c90c3cc-0d44-4b50-8888-8dd25736052a" }),
  step_index: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "step_index", in: "path" }, example: 1, description: "1-based, as the playground counts steps" }),
});

export const SendBatchParams = z.object({
  campaign_id: StepParams.shape.campaign_id,
  send_batch_id: z
    .string()
    .max(64)
    .openapi({ param: { name: "send_batch_id", in: "path" }, example: "sbt_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
});

const Counts = z.object({
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  bounced: z.number().int(),
  complained: z.number().int(),
  suppressed: z.number().int(),
});

export const SendBatchSchema = z
  .object({
    send_batch_id: z.string(),
    campaign_id: z.string(),
    step_index: z.number().int(),
    sender_id: z.string(),
    status: z.enum(["preparing", "sending", "completed"]),
    total: z
      .number()
      .int()
      .openapi({
        description:
          "Messages written in the batch: one per lead with an email address that had not had this step (a lead a racing send " +
          "of the step wrote first is in skipped as already_sent)",
      }),
    counts: Counts.openapi({ description: "Its messages by status, counted now" }),
    skipped: z
      .array(z.object({ lead_id: z.string(), reason: z.enum(["no_email", "already_sent", "suppressed"]) }))
      .optional()
      .openapi({ description: "On the send itself: the campaign's leads left out, and why" }),
    created_at: z.string(),
    completed_at: z.string().nullable(),
  })
  .openapi("SendBatch");

export function renderSendBatch(batch: SendBatch, counts: SendCounts, skipped?: StepSend["skipped"]): z.infer<typeof SendBatchSchema> {
  return {
    send_batch_id: batch.id,
    campaign_id: batch.campaignId,
    step_index: batch.stepIndex,
    sender_id: batch.senderId,
    status: batch.status,
    total: batch.total,
    counts,
    ...(skipped ? { skipped } : {}),
    created_at: batch.createdAt,
    completed_at: batch.completedAt,
  };
}

export const CampaignParams = z.object({ campaign_id: StepParams.shape.campaign_id });

export const CampaignSequenceRun = z
  .object({
    workflow_id: z.string().openapi({ example: "wf_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    version: z.number().int().openapi({ example: 1 }),
    requested: z.number().int().openapi({ example: 3 }),
    enrolled: z.number().int().openapi({ example: 3 }),
    skipped_by_reason: z.record(z.string(), z.number().int()).openapi({ example: {} }),
    status_url: z.string().openapi({ example: "/v1/workflows/wf_01jd0x5v7k2m3n4p5q6r7s8t9v/enrollments" }),
  })
  .openapi("CampaignSequenceRun");

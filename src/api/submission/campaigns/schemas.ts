import { z } from "@hono/zod-openapi";
import type { Campaign, CampaignLead, Draft, PlaygroundBatch } from "../../../db/schema";
import { MAX_STEPS } from "../../../domain/campaigns/campaigns";
import type { SkippedLead } from "../../../domain/campaigns/playground";

const uuid = z.uuid();

const Step = z.object({
  channel: z.literal("email").optional(),
  subject: z.string().min(1).max(500).openapi({ example: "Quick question, {{lead.first_name}}" }),
  body: z
    .string()
    .min(1)
    .max(20_000)
    .openapi({ example: "Hi {{lead.first_name}},\n\nI saw {{lead.company}} is growing…\n\n{{sender.name}}" }),
  delay_days: z.number().int().min(0).max(365).optional(),
});

export const CampaignInput = z
  .object({
    name: z.string().min(1).max(200).openapi({ example: "Q4 CTO outreach" }),
    system_prompt: z.string().max(32_000).nullable().optional(),
    sender_id: uuid.nullable().optional(),
    workflow_id: z
      .string()
      .max(64)
      .nullable()
      .optional()
      .openapi({
        description:
          "A /v1/workflows sequence this campaign follows. POST …/sequence rebuilds it from the steps only when it was built " +
          "from them (a manual trigger, waits and this campaign's step emails); any other sequence is a 409 there",
      }),
    status: z
      .enum(["draft", "active", "paused", "archived"])
      .optional()
      .openapi({
        description:
          "Default draft. A paused or archived campaign starts no sends: its step sends and sequence runs are a 409 " +
          "(enrollments already in its sequence go on until the sequence is paused)",
      }),
    steps: z
      .array(Step)
      .min(1)
      .max(MAX_STEPS)
      .openapi({ description: "1 to 32 steps; step_index n is the n-th. Templates merge {{lead.<field>}} and {{sender.<field>}}." }),
  })
  .openapi("CampaignInput");

export const CampaignSchema = z
  .object({
    id: uuid,
    name: z.string(),
    system_prompt: z.string().nullable(),
    sender_id: z.string().nullable(),
    workflow_id: z.string().nullable(),
    status: z.string(),
    steps: z.array(
      z.object({ step_index: z.number().int(), channel: z.string(), subject: z.string(), body: z.string(), delay_days: z.number().int() }),
    ),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Campaign");

export const renderCampaign = (c: Campaign): z.infer<typeof CampaignSchema> => ({
  id: c.id,
  name: c.name,
  system_prompt: c.systemPrompt,
  sender_id: c.senderId,
  workflow_id: c.workflowId,
  status: c.status,
  steps: c.steps.map((s, i) => ({ step_index: i + 1, ...s })),
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

export const CampaignList = z.object({ campaigns: z.array(CampaignSchema) }).openapi("CampaignList");

export const CampaignLeadsInput = z
  .object({ lead_ids: z.array(z.string().max(64)).min(1).max(1000), assignment: z.enum(["PERSONALIZATION", "TEMPLATE"]) })
  .openapi("CampaignLeadsInput");

export const CampaignLeadSchema = z
  .object({
    id: uuid,
    campaign_id: z.string(),
    lead_id: z.string(),
    assignment: z.enum(["PERSONALIZATION", "TEMPLATE"]),
    created_at: z.string(),
  })
  .openapi("CampaignLead");
export const renderCampaignLead = (l: CampaignLead): z.infer<typeof CampaignLeadSchema> => ({
  id: l.id,
  campaign_id: l.campaignId,
  lead_id: l.leadId,
  assignment: l.assignment,
  created_at: l.createdAt,
});
export const CampaignLeadsAdded = z
  .object({ added: z.array(CampaignLeadSchema), reassigned: z.number().int(), unchanged: z.number().int(), not_found: z.array(z.string()) })
  .openapi("CampaignLeadsAdded");
export const CampaignLeadList = z.object({ leads: z.array(CampaignLeadSchema) }).openapi("CampaignLeadList");

// The playground seed's body and answer.
export const GenerateInput = z
  .object({
    step_index: z.number().int().min(1).max(MAX_STEPS).openapi({ description: "Campaign step to generate drafts for", example: 16 }),
    n_leads: z
      .number()
      .int()
      .min(1)
      .max(200)
      .default(50)
      .openapi({ description: "Number of PERSONALIZATION-assigned leads to enqueue", example: 50 }),
    custom_prompt: z
      .string()
      .max(32_000)
      .nullable()
      .optional()
      .openapi({ description: "Optional override prompt; else campaign.system_prompt -> sender.custom_prompt -> the default" }),
  })
  .openapi("PlaygroundGenerateRequest");

export const GenerateResponse = z
  .object({
    campaign_id: uuid,
    step_index: z.number().int(),
    batch_id: uuid,
    enqueued_lead_ids: z.array(uuid),
    prompt_version_hash: z.string(),
    total: z.number().int(),
    skipped: z
      .array(
        z.object({
          lead_id: uuid.openapi({ description: "The campaign lead, as in enqueued_lead_ids" }),
          batch_id: uuid.openapi({ description: "The running batch drafting it" }),
          reason: z.string().openapi({ example: "already being drafted in running batch … for this step and prompt version" }),
        }),
      )
      .openapi({ description: "Leads left out because a running batch is drafting them for this step and prompt version" }),
  })
  .openapi("PlaygroundGenerateResponse");

type Generated = { batch: PlaygroundBatch; enqueuedLeadIds: string[]; skipped: SkippedLead[] };
export const renderGenerated = (campaignId: string, { batch, enqueuedLeadIds, skipped }: Generated): z.infer<typeof GenerateResponse> => ({
  campaign_id: campaignId,
  step_index: batch.stepIndex,
  batch_id: batch.id,
  enqueued_lead_ids: enqueuedLeadIds,
  prompt_version_hash: batch.promptVersionHash,
  total: batch.total,
  skipped: skipped.map((s) => ({ lead_id: s.campaignLeadId, batch_id: s.batchId, reason: s.reason })),
});

export const BatchSchema = z
  .object({
    batch_id: uuid,
    campaign_id: uuid,
    step_index: z.number().int(),
    prompt_version_hash: z.string(),
    prompt_source: z.enum(["custom_prompt", "campaign", "sender", "default"]),
    status: z.enum(["queued", "completed", "cancelled"]),
    total: z.number().int(),
    counts: z.object({ queued: z.number().int(), done: z.number().int(), failed: z.number().int(), cancelled: z.number().int() }),
    created_at: z.string(),
    completed_at: z.string().nullable(),
    cancelled_at: z.string().nullable(),
  })
  .openapi("PlaygroundBatch");

export const renderBatch = ({
  batch,
  counts,
}: {
  batch: PlaygroundBatch;
  counts: z.infer<typeof BatchSchema>["counts"];
}): z.infer<typeof BatchSchema> => ({
  batch_id: batch.id,
  campaign_id: batch.campaignId,
  step_index: batch.stepIndex,
  prompt_version_hash: batch.promptVersionHash,
  prompt_source: batch.promptSource,
  status: batch.status,
  total: batch.total,
  counts,
  created_at: batch.createdAt,
  completed_at: batch.completedAt,
  cancelled_at: batch.cancelledAt,
});

export const DraftSchema = z
  .object({
    id: uuid,
    campaign_id: uuid,
    campaign_lead_id: uuid,
    lead_id: z.string(),
    step_index: z.number().int(),
    batch_id: uuid,
    prompt_version_hash: z.string(),
    subject: z.string(),
    body: z.string(),
    provenance: z.record(z.string(), z.unknown()),
    token_usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).nullable(),
    created_at: z.string(),
  })
  .openapi("Draft");

export const renderDraft = (d: Draft): z.infer<typeof DraftSchema> => ({
  id: d.id,
  campaign_id: d.campaignId,
  campaign_lead_id: d.campaignLeadId,
  lead_id: d.leadId,
  step_index: d.stepIndex,
  batch_id: d.batchId,
  prompt_version_hash: d.promptVersionHash,
  subject: d.subject,
  body: d.body,
  provenance: d.provenance,
  token_usage: d.tokenUsage,
  created_at: d.createdAt,
});

export const DraftList = z.object({ drafts: z.array(DraftSchema) }).openapi("DraftList");

export const CampaignResourceDeleted = z.object({ id: z.string(), deleted: z.literal(true) }).openapi("CampaignResourceDeleted");

export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

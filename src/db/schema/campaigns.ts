import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Campaigns and the personalization playground. Ids here are UUIDs, as the playground seed types them.

export interface CampaignStep {
  channel: "email";
  subject: string;
  body: string;
  delay_days: number;
}

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    systemPrompt: text("system_prompt"),
    senderId: text("sender_id"),
    workflowId: text("workflow_id"),
    status: text("status", { enum: ["draft", "active", "paused", "archived"] }).notNull(),
    // Ordered: step_index n is steps[n - 1].
    steps: text("steps", { mode: "json" }).$type<CampaignStep[]>().notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("campaigns_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export const campaignLeads = sqliteTable(
  "campaign_leads",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    campaignId: text("campaign_id").notNull(),
    leadId: text("lead_id").notNull(),
    assignment: text("assignment", { enum: ["PERSONALIZATION", "TEMPLATE"] }).notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("campaign_leads_unique").on(t.campaignId, t.leadId),
    index("campaign_leads_assignment_idx").on(t.campaignId, t.assignment, t.createdAt),
  ],
);

export const playgroundBatches = sqliteTable(
  "playground_batches",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    campaignId: text("campaign_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    promptVersionHash: text("prompt_version_hash").notNull(),
    promptSource: text("prompt_source", { enum: ["custom_prompt", "campaign", "sender", "default"] }).notNull(),
    prompt: text("prompt").notNull(),
    total: integer("total").notNull(),
    status: text("status", { enum: ["queued", "completed", "cancelled"] }).notNull(),
    createdAt: text("created_at").notNull(),
    completedAt: text("completed_at"),
    cancelledAt: text("cancelled_at"),
  },
  (t) => [index("playground_batches_campaign_idx").on(t.campaignId, t.createdAt)],
);

// One lead's place in a batch: queued until its draft is written, failed after its retries,
// cancelled with the batch.
export const playgroundItems = sqliteTable(
  "playground_items",
  {
    batchId: text("batch_id").notNull(),
    campaignLeadId: text("campaign_lead_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    status: text("status", { enum: ["queued", "done", "failed", "cancelled"] }).notNull(),
    error: text("error"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("playground_items_unique").on(t.batchId, t.campaignLeadId),
    index("playground_items_status_idx").on(t.batchId, t.status),
    index("playground_items_stalled_idx").on(t.status, t.updatedAt),
  ],
);

export const drafts = sqliteTable(
  "drafts",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    campaignId: text("campaign_id").notNull(),
    campaignLeadId: text("campaign_lead_id").notNull(),
    leadId: text("lead_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    promptVersionHash: text("prompt_version_hash").notNull(),
    batchId: text("batch_id").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    provenance: text("provenance", { mode: "json" }).$type<import("../json/provenance").Provenance>().notNull(),
    tokenUsage: text("token_usage", { mode: "json" }).$type<{ prompt_tokens: number; completion_tokens: number; total_tokens: number }>(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // The playground's idempotency tuple: a duplicated message writes nothing more.
    uniqueIndex("drafts_idempotency_unique").on(t.campaignId, t.campaignLeadId, t.promptVersionHash, t.batchId),
    index("drafts_campaign_idx").on(t.campaignId, t.stepIndex, t.createdAt),
  ],
);

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignLead = typeof campaignLeads.$inferSelect;
export type PlaygroundBatch = typeof playgroundBatches.$inferSelect;
export type PlaygroundItem = typeof playgroundItems.$inferSelect;
export type Draft = typeof drafts.$inferSelect;

import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

// A tenant's trained scoring model: its feature spec, weights, calibration, reference population
// (for scores) and the figures it was judged by. The newest `active` one scores the tenant's leads.
export const scoringModels = sqliteTable(
  "scoring_models",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    version: integer("version").notNull(),
    kind: text("kind", { enum: ["logistic"] }).notNull(),
    status: text("status", { enum: ["training", "active", "rejected", "failed", "retired", "demoted"] }).notNull(),
    reason: text("reason"),
    parameters: text("parameters", { mode: "json" }).$type<import("../json/scoring").TrainedParameters>(),
    metrics: text("metrics", { mode: "json" }).$type<Record<string, unknown>>(),
    samples: text("samples", { mode: "json" }).$type<Record<string, number>>(),
    dealValue: real("deal_value"),
    /** Live figures: outcomes of leads this model scored before their outcome existed. */
    live: text("live", { mode: "json" }).$type<import("../json/scoring").LiveMonitor>(),
    createdAt: text("created_at").notNull(),
    trainedAt: text("trained_at"),
  },
  (t) => [index("scoring_models_tenant_idx").on(t.tenantId, t.testMode, t.status, t.version)],
);

export type ScoringModel = typeof scoringModels.$inferSelect;

// A tenant's scoring settings (per mode). Absent columns fall back to the documented defaults.
export const scoringSettings = sqliteTable(
  "scoring_settings",
  {
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    hotThreshold: integer("hot_threshold"),
    warmThreshold: integer("warm_threshold"),
    dealValue: real("deal_value"),
    minOutcomesPerClass: integer("min_outcomes_per_class"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.testMode] })],
);

// A batch of up to 1,000 leads scored in chunks off the request path. Its progress is counted by
// the batch's BatchCoordinator Durable Object; this row says what was asked and how it ended.
export const scoringBatches = sqliteTable(
  "scoring_batches",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    status: text("status", { enum: ["queued", "completed", "failed"] }).notNull(),
    async: integer("async", { mode: "boolean" }).notNull(),
    totalLeads: integer("total_leads").notNull(),
    totalChunks: integer("total_chunks").notNull(),
    options: text("options", { mode: "json" }).$type<{ include_predictions: boolean; include_recommendations: boolean }>().notNull(),
    webhookUrl: text("webhook_url"),
    webhookEndpointId: text("webhook_endpoint_id"),
    scoredLeads: integer("scored_leads"),
    failedLeads: integer("failed_leads"),
    createdAt: text("created_at").notNull(),
    completedAt: text("completed_at"),
  },
  (t) => [index("scoring_batches_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

// One chunk of a batch: its leads as sent, and once scored, its results. A chunk that is already
// `scored` is never scored again, so a redelivered queue message changes nothing.
export const scoringBatchChunks = sqliteTable(
  "scoring_batch_chunks",
  {
    batchId: text("batch_id").notNull(),
    chunk: integer("chunk").notNull(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    status: text("status", { enum: ["pending", "scored", "failed"] }).notNull(),
    leads: text("leads", { mode: "json" }).$type<Record<string, unknown>[]>().notNull(),
    results: text("results", { mode: "json" }).$type<import("../json/scoring").LeadScore[]>(),
    /** The chunk's leads that were not scored, each with its first field not of its kind. */
    leadErrors: text("lead_errors", { mode: "json" }).$type<import("../json/scoring").BatchLeadError[]>(),
    error: text("error"),
    completedAt: text("completed_at"),
    /** When its message was last sent: a pending chunk not consumed long after is sent again. */
    enqueuedAt: text("enqueued_at"),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.chunk] }), index("scoring_batch_chunks_pending_idx").on(t.status, t.enqueuedAt)],
);

export type ScoringSettings = typeof scoringSettings.$inferSelect;
export type ScoringBatch = typeof scoringBatches.$inferSelect;
export type ScoringBatchChunk = typeof scoringBatchChunks.$inferSelect;

import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
    status: text("status", { enum: ["training", "active", "rejected", "failed", "retired"] }).notNull(),
    reason: text("reason"),
    parameters: text("parameters", { mode: "json" }).$type<Record<string, unknown>>(),
    metrics: text("metrics", { mode: "json" }).$type<Record<string, unknown>>(),
    samples: text("samples", { mode: "json" }).$type<Record<string, number>>(),
    dealValue: real("deal_value"),
    createdAt: text("created_at").notNull(),
    trainedAt: text("trained_at"),
  },
  (t) => [index("scoring_models_tenant_idx").on(t.tenantId, t.testMode, t.status, t.version)],
);

export type ScoringModel = typeof scoringModels.$inferSelect;

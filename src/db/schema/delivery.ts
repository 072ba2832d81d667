import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const recipientHealth = sqliteTable(
  "recipient_health",
  {
    tenantId: text("tenant_id").notNull(),
    flowId: text("flow_id").notNull(),
    stepId: text("step_id").notNull(),
    consecutiveErrors: integer("consecutive_errors").notNull(),
    pausedAt: text("paused_at"),
    pausedReason: text("paused_reason"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.flowId, t.stepId] })],
);

export type RecipientHealth = typeof recipientHealth.$inferSelect;

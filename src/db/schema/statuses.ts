import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// The statuses a tenant's leads move through, and the stages of its opportunities: one table,
// told apart by entity type, in the shape the status generators answer with.
export const statuses = sqliteTable(
  "statuses",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    entityType: text("entity_type", { enum: ["lead", "opportunity"] }).notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    color: text("color"),
    sortOrder: integer("sort_order").notNull(),
    isDefault: integer("is_default", { mode: "boolean" }).notNull(),
    isClosed: integer("is_closed", { mode: "boolean" }).notNull(),
    isWon: integer("is_won", { mode: "boolean" }).notNull(),
    // Opportunity stages only: the win probability a deal in this stage starts with (0–100).
    defaultProbability: integer("default_probability"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("statuses_code_unique").on(t.tenantId, t.testMode, t.entityType, t.code),
    index("statuses_order_idx").on(t.tenantId, t.testMode, t.entityType, t.sortOrder),
  ],
);

export type Status = typeof statuses.$inferSelect;

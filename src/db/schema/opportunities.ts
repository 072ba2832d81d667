import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

// A deal for a lead, moving through the tenant's opportunity stages.
export const opportunities = sqliteTable(
  "opportunities",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    leadId: text("lead_id").notNull(),
    name: text("name").notNull(),
    amount: real("amount"),
    currency: text("currency").notNull(),
    stage: text("stage").notNull(),
    probability: integer("probability").notNull(),
    closeDate: text("close_date"),
    closedAt: text("closed_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("opportunities_tenant_idx").on(t.tenantId, t.testMode, t.createdAt),
    index("opportunities_lead_idx").on(t.tenantId, t.testMode, t.leadId),
  ],
);

export type Opportunity = typeof opportunities.$inferSelect;

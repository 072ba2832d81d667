import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const leadDailyStats = sqliteTable(
  "lead_daily_stats",
  {
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    day: text("day").notNull(),
    flowId: text("flow_id").notNull(),
    // "" when the lead had none: the primary key cannot hold NULLs that compare equal.
    source: text("source").notNull(),
    campaign: text("campaign").notNull(),
    total: integer("total").notNull(),
    accepted: integer("accepted").notNull(),
    delivered: integer("delivered").notNull(),
    converted: integer("converted").notNull(),
    qualitySum: real("quality_sum").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.testMode, t.day, t.flowId, t.source, t.campaign] })],
);

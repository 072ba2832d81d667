import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const forms = sqliteTable(
  "forms",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    flowId: text("flow_id").notNull(),
    name: text("name").notNull(),
    allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>().notNull(),
    redirectUrl: text("redirect_url"),
    honeypotField: text("honeypot_field").notNull(),
    requireTurnstile: integer("require_turnstile", { mode: "boolean" }).notNull(),
    // Form field name -> lead field name, for pages whose inputs are named differently.
    fieldMapping: text("field_mapping", { mode: "json" }).$type<Record<string, string>>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("forms_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export type Form = typeof forms.$inferSelect;

import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Ids are the caller's when it chooses them (a client migrating from the seed keeps `site_456abc`),
// so they are unique per tenant and mode, not across tenants.

export const sites = sqliteTable(
  "sites",
  {
    id: text("id").notNull(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.testMode, t.id] }), index("sites_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").notNull(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.testMode, t.id] }),
    index("users_tenant_idx").on(t.tenantId, t.testMode, t.createdAt),
    uniqueIndex("users_tenant_email_unique").on(t.tenantId, t.testMode, t.email),
  ],
);

export type Site = typeof sites.$inferSelect;
export type User = typeof users.$inferSelect;

import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
  (t) => [uniqueIndex("statuses_code_unique").on(t.tenantId, t.testMode, t.entityType, t.code), index("statuses_order_idx").on(t.tenantId, t.testMode, t.entityType, t.sortOrder)],
);

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
  (t) => [index("opportunities_tenant_idx").on(t.tenantId, t.testMode, t.createdAt), index("opportunities_lead_idx").on(t.tenantId, t.testMode, t.leadId)],
);

// Sequence definitions in the Workflow Definition format: a node/edge graph the sequence
// generator writes and the visual editor reads.
export const workflows = sqliteTable(
  "workflows",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    description: text("description"),
    nodes: text("nodes", { mode: "json" }).$type<Record<string, unknown>[]>().notNull(),
    edges: text("edges", { mode: "json" }).$type<Record<string, unknown>[]>().notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("workflows_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export type Status = typeof statuses.$inferSelect;
export type Opportunity = typeof opportunities.$inferSelect;
export type Workflow = typeof workflows.$inferSelect;

// A landing page: made by hand or from the page generator, served when published at
// /p/{tenant_slug}/{slug}, its form section posting to a form of one of the tenant's flows.
export const landingPages = sqliteTable(
  "landing_pages",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    description: text("description"),
    slug: text("slug").notNull(),
    sections: text("sections", { mode: "json" }).$type<Record<string, unknown>[]>().notNull(),
    seo: text("seo", { mode: "json" }).$type<{ title?: string; metaDescription?: string }>().notNull(),
    style: text("style", { mode: "json" }).$type<{ primaryColor?: string; backgroundColor?: string; fontFamily?: string }>().notNull(),
    // Sanitised when saved: what is stored is what may be served.
    content: text("content").notNull(),
    formId: text("form_id"),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    publishedAt: text("published_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("landing_pages_slug_unique").on(t.tenantId, t.testMode, t.slug)],
);

export type LandingPageRow = typeof landingPages.$inferSelect;

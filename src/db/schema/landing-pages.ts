import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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

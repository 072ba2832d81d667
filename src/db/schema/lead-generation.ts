import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// The prospect pool lead generation searches: real companies and contacts the tenant imported
// (or a configured provider returned). Leadedge never invents people.
export const prospectCompanies = sqliteTable(
  "prospect_companies",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    // Lower-case host without www; the upsert key. Null when the company has no website.
    domain: text("domain"),
    industry: text("industry"),
    employees: integer("employees"),
    // "51-200" style band, from employees when not given.
    sizeBand: text("size_band"),
    revenueUsd: real("revenue_usd"),
    country: text("country"),
    city: text("city"),
    keywords: text("keywords", { mode: "json" }).$type<string[]>().notNull(),
    description: text("description"),
    technologies: text("technologies", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("prospect_companies_domain_unique").on(t.tenantId, t.testMode, t.domain),
    index("prospect_companies_industry_idx").on(t.tenantId, t.testMode, t.industry),
  ],
);

export const prospectContacts = sqliteTable(
  "prospect_contacts",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    companyId: text("company_id"),
    firstName: text("first_name"),
    lastName: text("last_name"),
    title: text("title"),
    // Lower-case; the upsert key.
    email: text("email").notNull(),
    phone: text("phone"),
    linkedin: text("linkedin"),
    country: text("country"),
    city: text("city"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("prospect_contacts_email_unique").on(t.tenantId, t.testMode, t.email), index("prospect_contacts_company_idx").on(t.tenantId, t.testMode, t.companyId)],
);

export type ProspectCompany = typeof prospectCompanies.$inferSelect;
export type ProspectContact = typeof prospectContacts.$inferSelect;

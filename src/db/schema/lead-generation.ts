import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { CommandObject, CommandSummary, Verification } from "../json/lead-generation";

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
    // A state, province or other subdivision of the country ("illinois", "ontario").
    region: text("region"),
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
    region: text("region"),
    city: text("city"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("prospect_contacts_email_unique").on(t.tenantId, t.testMode, t.email),
    index("prospect_contacts_company_idx").on(t.tenantId, t.testMode, t.companyId),
  ],
);

export type ProspectCompany = typeof prospectCompanies.$inferSelect;
export type ProspectContact = typeof prospectContacts.$inferSelect;

export type CommandStage =
  | "initial_search"
  | "analysis"
  | "research"
  | "verification"
  | "scoring"
  | "enrichment"
  | "delivery"
  | "completed";

// A lead generation command: the seed's request, the command object generated from it, and the
// progress its Workflow records step by step.
export const leadGenerationCommands = sqliteTable(
  "lead_generation_commands",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    siteId: text("site_id").notNull(),
    userId: text("user_id"),
    agentId: text("agent_id"),
    status: text("status", { enum: ["processing", "completed", "failed", "cancelled"] }).notNull(),
    priority: text("priority", { enum: ["high", "medium", "low"] }).notNull(),
    leadsRequested: integer("leads_requested").notNull(),
    leadsDelivered: integer("leads_delivered"),
    leadGenData: text("lead_gen_data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    command: text("command", { mode: "json" }).$type<CommandObject>().notNull(),
    stage: text("stage").$type<CommandStage>().notNull(),
    progressPercentage: integer("progress_percentage").notNull(),
    leadsFound: integer("leads_found").notNull(),
    leadsVerified: integer("leads_verified").notNull(),
    // Milliseconds each finished stage took: the estimates for later commands come from these.
    stageTimings: text("stage_timings", { mode: "json" }).$type<Record<string, number>>().notNull(),
    webhookEndpointId: text("webhook_endpoint_id"),
    webhookMetadata: text("webhook_metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    summary: text("summary", { mode: "json" }).$type<CommandSummary>(),
    // Why a failed command failed: the seed's error code (SYSTEM_ERROR, ...) and the reason.
    errorCode: text("error_code").$type<"SYSTEM_ERROR">(),
    error: text("error"),
    estimatedCompletionAt: text("estimated_completion_at").notNull(),
    completedAt: text("completed_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("lead_generation_commands_tenant_idx").on(t.tenantId, t.testMode, t.createdAt),
    index("lead_generation_commands_status_idx").on(t.tenantId, t.testMode, t.status),
  ],
);

// The leads a command delivered, in rank order, with why each matched. A contact is delivered to
// a tenant once, whichever command finds it again.
export const leadGenerationLeads = sqliteTable(
  "lead_generation_leads",
  {
    commandId: text("command_id").notNull(),
    leadId: text("lead_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    rank: integer("rank").notNull(),
    contactId: text("contact_id").notNull(),
    matchScore: real("match_score").notNull(),
    matchReasons: text("match_reasons", { mode: "json" }).$type<string[]>().notNull(),
    matchSummary: text("match_summary"),
    verified: integer("verified", { mode: "boolean" }).notNull(),
    verification: text("verification", { mode: "json" }).$type<Verification>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.commandId, t.leadId] }),
    uniqueIndex("lead_generation_leads_contact_unique").on(t.tenantId, t.testMode, t.contactId),
    index("lead_generation_leads_rank_idx").on(t.commandId, t.rank),
  ],
);

export type LeadGenerationCommand = typeof leadGenerationCommands.$inferSelect;
export type LeadGenerationLead = typeof leadGenerationLeads.$inferSelect;

// An outside source of prospects a tenant configures: asked for candidates during research; what
// it returns joins the tenant's pool (upserted like an import), so it is judged like the rest.
export const prospectProviders = sqliteTable(
  "prospect_providers",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    // The header that authenticates Leadedge to the provider, e.g. Authorization: Bearer …
    authHeaderName: text("auth_header_name"),
    authHeaderValue: text("auth_header_value"),
    // Provider field -> pool column (company, domain, email, title, …), for answers in its own words.
    fieldMapping: text("field_mapping", { mode: "json" }).$type<Record<string, string>>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("prospect_providers_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export type ProspectProvider = typeof prospectProviders.$inferSelect;

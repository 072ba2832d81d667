import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const flows = sqliteTable(
  "flows",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    description: text("description"),
    status: text("status", { enum: ["active", "archived"] }).notNull(),
    steps: text("steps", { mode: "json" }).$type<import("../json/flows").FlowStep[]>().notNull(),
    settings: text("settings", { mode: "json" }).$type<import("../json/flows").FlowSettings>().notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("flows_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    flowId: text("flow_id"),
    externalId: text("external_id"),
    status: text("status").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    company: text("company"),
    position: text("position"),
    industry: text("industry"),
    website: text("website"),
    address: text("address"),
    city: text("city"),
    state: text("state"),
    postalCode: text("postal_code"),
    country: text("country"),
    location: text("location"),
    companySize: text("company_size"),
    employees: integer("employees"),
    revenue: real("revenue"),
    linkedin: text("linkedin"),
    source: text("source"),
    campaign: text("campaign"),
    score: real("score"),
    conversionProbability: real("conversion_probability"),
    scoreCategory: text("score_category"),
    scoringModel: text("scoring_model"),
    scoredAt: text("scored_at"),
    // The label scoring learns from: 1 converted, 0 did not (a return, a lost deal, an explicit no).
    converted: integer("converted"),
    outcomeValue: real("outcome_value"),
    outcomeAt: text("outcome_at"),
    matchScore: real("match_score"),
    qualityScore: real("quality_score"),
    verified: integer("verified", { mode: "boolean" }),
    engagementScore: real("engagement_score"),
    lastInteractionAt: text("last_interaction_at"),
    customFields: text("custom_fields", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /**
     * Standard fields the client named by a LeadConduit alias (`phone` sent as `phone_1`): our field
     * -> the path it came under, so the lead is answered back in the caller's own names.
     */
    fieldNames: text("field_names", { mode: "json" }).$type<Record<string, string[]>>(),
    consent: text("consent", { mode: "json" }).$type<Record<string, unknown>>(),
    trustedFormCertUrl: text("trusted_form_cert_url"),
    enhancements: text("enhancements", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    qualityMetrics: text("quality_metrics", { mode: "json" }).$type<Record<string, number>>(),
    priceAmount: real("price_amount"),
    priceCurrency: text("price_currency"),
    reason: text("reason"),
    /**
     * Set (to the lead's creation time) when an accepted lead of a flow with recipients is written,
     * cleared once its LeadDeliveryWorkflow exists: a lead still marked a minute on is started by
     * the minute cron. Null for every other lead, so writers that never deliver need not know.
     */
    deliveryPendingSince: text("delivery_pending_since"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("leads_tenant_created_idx").on(t.tenantId, t.testMode, t.createdAt),
    index("leads_tenant_flow_idx").on(t.tenantId, t.testMode, t.flowId, t.createdAt),
    index("leads_tenant_status_idx").on(t.tenantId, t.testMode, t.status, t.createdAt),
    index("leads_tenant_source_idx").on(t.tenantId, t.testMode, t.source, t.createdAt),
    index("leads_tenant_campaign_idx").on(t.tenantId, t.testMode, t.campaign, t.createdAt),
    // Addresses are one person whatever their case: every lookup by email compares NOCASE.
    index("leads_tenant_email_nocase_idx").on(t.tenantId, t.testMode, sql`${t.email} COLLATE NOCASE`),
    index("leads_tenant_phone_idx").on(t.tenantId, t.testMode, t.phone),
    index("leads_tenant_outcome_idx").on(t.tenantId, t.testMode, t.outcomeAt),
    // The cron's sweep reads across tenants, and only the few leads whose delivery has not started.
    index("leads_delivery_pending_idx").on(t.deliveryPendingSince).where(sql`${t.deliveryPendingSince} IS NOT NULL`),
  ],
);

export const leadEvents = sqliteTable(
  "lead_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    leadId: text("lead_id").notNull(),
    flowId: text("flow_id"),
    type: text("type").notNull(),
    outcome: text("outcome", { enum: ["success", "failure", "error", "skipped"] }).notNull(),
    reason: text("reason"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("lead_events_lead_idx").on(t.tenantId, t.leadId, t.createdAt),
    index("lead_events_flow_idx").on(t.tenantId, t.testMode, t.flowId, t.type, t.createdAt),
  ],
);

export type Flow = typeof flows.$inferSelect;
export type Lead = typeof leads.$inferSelect;
export type LeadEvent = typeof leadEvents.$inferSelect;

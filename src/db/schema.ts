import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are ISO 8601 UTC strings: they sort as text and are what the API shows.

export const tenants = sqliteTable(
  "tenants",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    plan: text("plan", { enum: ["starter", "growth", "enterprise"] }).notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("tenants_slug_unique").on(t.slug)],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    mode: text("mode", { enum: ["live", "test"] }).notNull(),
    // The first characters of the key, kept so people can tell keys apart; never enough to use.
    prefix: text("prefix").notNull(),
    // SHA-256 of the whole key, hex. The plaintext is shown once and never stored.
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    allowedIps: text("allowed_ips", { mode: "json" }).$type<string[]>(),
    expiresAt: text("expires_at"),
    revokedAt: text("revoked_at"),
    lastUsedAt: text("last_used_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("api_keys_key_hash_unique").on(t.keyHash), index("api_keys_tenant_idx").on(t.tenantId, t.createdAt)],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    key: text("key").notNull(),
    // SHA-256 over method, path and raw body: the same key with another request is refused.
    fingerprint: text("fingerprint").notNull(),
    state: text("state", { enum: ["in_flight", "completed"] }).notNull(),
    responseStatus: integer("response_status"),
    responseHeaders: text("response_headers", { mode: "json" }).$type<[string, string][]>(),
    responseBody: text("response_body"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.testMode, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

export type Tenant = typeof tenants.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;

// Sites and users are tenant resources the lead-generation agents refer to (siteId, userId).
export const sites = sqliteTable(
  "sites",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("sites_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("users_tenant_idx").on(t.tenantId, t.testMode, t.createdAt), uniqueIndex("users_tenant_email_unique").on(t.tenantId, t.testMode, t.email)],
);

export type Site = typeof sites.$inferSelect;
export type User = typeof users.$inferSelect;

// A flow: how leads from a source are checked, enhanced, accepted and routed (LeadConduit's model).
export const flows = sqliteTable(
  "flows",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    description: text("description"),
    status: text("status", { enum: ["active", "archived"] }).notNull(),
    steps: text("steps", { mode: "json" }).$type<import("../domain/flows/types").FlowStep[]>().notNull(),
    settings: text("settings", { mode: "json" }).$type<import("../domain/flows/types").FlowSettings>().notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("flows_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

// One record for every seed's idea of a lead.
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
    matchScore: real("match_score"),
    qualityScore: real("quality_score"),
    verified: integer("verified", { mode: "boolean" }),
    engagementScore: real("engagement_score"),
    lastInteractionAt: text("last_interaction_at"),
    customFields: text("custom_fields", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    consent: text("consent", { mode: "json" }).$type<Record<string, unknown>>(),
    trustedFormCertUrl: text("trusted_form_cert_url"),
    enhancements: text("enhancements", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    qualityMetrics: text("quality_metrics", { mode: "json" }).$type<Record<string, number>>(),
    priceAmount: real("price_amount"),
    priceCurrency: text("price_currency"),
    reason: text("reason"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("leads_tenant_created_idx").on(t.tenantId, t.testMode, t.createdAt),
    index("leads_tenant_flow_idx").on(t.tenantId, t.testMode, t.flowId, t.createdAt),
    index("leads_tenant_status_idx").on(t.tenantId, t.testMode, t.status, t.createdAt),
    index("leads_tenant_source_idx").on(t.tenantId, t.testMode, t.source, t.createdAt),
    index("leads_tenant_campaign_idx").on(t.tenantId, t.testMode, t.campaign, t.createdAt),
    index("leads_tenant_email_idx").on(t.tenantId, t.testMode, t.email),
  ],
);

// The lead timeline: received, enhanced, accepted, rejected, converted, returned… (later: delivered, scored).
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
  (t) => [index("lead_events_lead_idx").on(t.tenantId, t.leadId, t.createdAt), index("lead_events_flow_idx").on(t.tenantId, t.testMode, t.flowId, t.type, t.createdAt)],
);

// Webhook events written in the same D1 batch as the change that caused them; a dispatcher
// delivers them (so no event is lost when the Worker dies after the write).
export const outboxEvents = sqliteTable(
  "outbox_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    eventType: text("event_type").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: text("created_at").notNull(),
    dispatchedAt: text("dispatched_at"),
  },
  (t) => [index("outbox_events_pending_idx").on(t.dispatchedAt, t.createdAt), index("outbox_events_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export type Flow = typeof flows.$inferSelect;
export type Lead = typeof leads.$inferSelect;
export type LeadEvent = typeof leadEvents.$inferSelect;
export type OutboxEvent = typeof outboxEvents.$inferSelect;

// Where a tenant wants events sent: Standard Webhooks endpoints, subscribed by event name or "*".
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    url: text("url").notNull(),
    description: text("description"),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    // The signing secret: `whsec_<base64>` when generated, or the tenant's own string.
    secret: text("secret").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    disabledReason: text("disabled_reason"),
    // Start of the current run of failed deliveries; cleared by a success.
    failingSince: text("failing_since"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

// One row per delivery attempt of one event to one endpoint.
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    endpointId: text("endpoint_id").notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    attempt: integer("attempt").notNull(),
    outcome: text("outcome", { enum: ["succeeded", "failed", "gone"] }).notNull(),
    responseStatus: integer("response_status"),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    nextRetryAt: text("next_retry_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("webhook_deliveries_endpoint_idx").on(t.tenantId, t.endpointId, t.createdAt), index("webhook_deliveries_event_idx").on(t.tenantId, t.eventId, t.attempt)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

// A recipient's run of errors; after too many it is paused until someone resumes it.
export const recipientHealth = sqliteTable(
  "recipient_health",
  {
    tenantId: text("tenant_id").notNull(),
    flowId: text("flow_id").notNull(),
    stepId: text("step_id").notNull(),
    consecutiveErrors: integer("consecutive_errors").notNull(),
    pausedAt: text("paused_at"),
    pausedReason: text("paused_reason"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.flowId, t.stepId] })],
);

export type RecipientHealth = typeof recipientHealth.$inferSelect;

// Daily counts per flow, source and campaign, kept in the same D1 batch as the writes they count,
// so analytics reads a few thousand rows instead of every lead. Leads count on the day they
// arrived; their later delivery or conversion counts on that same day (cohorts).
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

// A public form: landing pages post to /f/{id}. The id is the form's publishable key (pk_…):
// safe in a page, it can only submit leads to this form's flow.
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

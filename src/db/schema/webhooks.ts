import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const outboxEvents = sqliteTable(
  "outbox_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    eventType: text("event_type").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    // Set when the event is addressed to one endpoint (a batch's webhook_url) instead of to every
    // endpoint subscribed to its type.
    endpointId: text("endpoint_id"),
    createdAt: text("created_at").notNull(),
    dispatchedAt: text("dispatched_at"),
  },
  (t) => [
    index("outbox_events_pending_idx").on(t.dispatchedAt, t.createdAt),
    index("outbox_events_tenant_idx").on(t.tenantId, t.testMode, t.createdAt),
  ],
);

export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    url: text("url").notNull(),
    description: text("description"),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    // Set on the endpoint a flow's settings.notifications.webhook_url manages: it receives only the
    // events of that flow's leads, and follows the setting (changed or removed with it).
    flowId: text("flow_id"),
    // The signing secret: `whsec_<base64>` when generated, or the tenant's own string.
    secret: text("secret").notNull(),
    // What the API shows of the secret: `sha256:` + the first 8 hex of its SHA-256 when Leadedge
    // generated it; null for a tenant's own secret, which may be guessable from any part of it.
    secretHint: text("secret_hint"),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    disabledReason: text("disabled_reason"),
    // Start of the current run of failed deliveries; cleared by a success.
    failingSince: text("failing_since"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

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
  (t) => [
    index("webhook_deliveries_endpoint_idx").on(t.tenantId, t.endpointId, t.createdAt),
    index("webhook_deliveries_event_idx").on(t.tenantId, t.eventId, t.attempt),
  ],
);

export type OutboxEvent = typeof outboxEvents.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

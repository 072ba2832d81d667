import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are ISO 8601 UTC strings: they sort as text and are what the API shows.

export const tenants = sqliteTable(
  "tenants",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    plan: text("plan", { enum: ["starter", "growth", "enterprise"] }).notNull(),
    /** Domains the tenant sends email from: a sender's from_email must be on one of them. */
    sendingDomains: text("sending_domains", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Sequence emails one lead gets per day (its local day), across all sequences; null: no cap. */
    leadDailyEmailCap: integer("lead_daily_email_cap"),
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
    /** What the tenant calls the key ("Zapier", "CRM sync"), to tell keys apart in a list. */
    name: text("name"),
    // The first characters of the key, kept so people can tell keys apart; never enough to use.
    prefix: text("prefix").notNull(),
    // SHA-256 of the whole key, hex. The plaintext is shown once and never stored.
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    allowedIps: text("allowed_ips", { mode: "json" }).$type<string[]>(),
    expiresAt: text("expires_at"),
    revokedAt: text("revoked_at"),
    lastUsedAt: text("last_used_at"),
    /** The key this one replaced by rotation; the old one keeps working until its expires_at. */
    rotatedFromId: text("rotated_from_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("api_keys_key_hash_unique").on(t.keyHash), index("api_keys_tenant_idx").on(t.tenantId, t.createdAt)],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    // The API key that made the request: a record answers only that key, so a replay never hands
    // one key's answer (a minted key's plaintext, say) to another key that could not have made it.
    apiKeyId: text("api_key_id").notNull().default(""),
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
  (t) => [primaryKey({ columns: [t.tenantId, t.testMode, t.apiKeyId, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

export type Tenant = typeof tenants.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;

import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { DefinitionEdge, DefinitionNode, PathEntry } from "../json/sequences";

// Email sequences, defined in the seed's Workflow Definition format (served at /v1/workflows): a
// node/edge graph the sequence generator writes and the visual editor reads. "Workflow" in code
// means a Cloudflare Workflow class only. The definition is the editable draft; activating it
// publishes an immutable version, and each enrollment walks the version it started on.
export const sequenceDefinitions = sqliteTable(
  "sequence_definitions",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    description: text("description"),
    nodes: text("nodes", { mode: "json" }).$type<DefinitionNode[]>().notNull(),
    edges: text("edges", { mode: "json" }).$type<DefinitionEdge[]>().notNull(),
    /** draft: never activated; active: enrolls on its active version; inactive: enrolls no one new. */
    status: text("status", { enum: ["draft", "active", "inactive"] })
      .notNull()
      .default("draft"),
    activeVersion: integer("active_version"),
    /** A lead may be enrolled again once its earlier enrollment ended. */
    allowReenrollment: integer("allow_reenrollment", { mode: "boolean" }).notNull().default(false),
    /** A reply from the lead ends its enrollment before the next email. */
    exitOnReply: integer("exit_on_reply", { mode: "boolean" }).notNull().default(true),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("sequence_definitions_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export const sequenceVersions = sqliteTable(
  "sequence_versions",
  {
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    sequenceId: text("sequence_id").notNull(),
    version: integer("version").notNull(),
    nodes: text("nodes", { mode: "json" }).$type<DefinitionNode[]>().notNull(),
    edges: text("edges", { mode: "json" }).$type<DefinitionEdge[]>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sequenceId, t.version] }), index("sequence_versions_tenant_idx").on(t.tenantId, t.sequenceId)],
);

export const sequenceEnrollments = sqliteTable(
  "sequence_enrollments",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    sequenceId: text("sequence_id").notNull(),
    version: integer("version").notNull(),
    leadId: text("lead_id").notNull(),
    status: text("status", { enum: ["active", "paused", "completed", "exited", "cancelled"] }).notNull(),
    /** What enrolled it: manual, lead_created, status_changed, score_hot, form_submitted, or a sequence action. */
    source: text("source").notNull(),
    currentNodeId: text("current_node_id"),
    path: text("path", { mode: "json" }).$type<PathEntry[]>().notNull(),
    nextWakeAt: text("next_wake_at"),
    exitReason: text("exit_reason"),
    /** Where its emails' tracking links point when PUBLIC_URL is not set (the origin that enrolled it). */
    publicUrl: text("public_url").notNull(),
    /** When its Workflow instance was started; null: still to start (the cron starts what a Worker did not). */
    dispatchedAt: text("dispatched_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    endedAt: text("ended_at"),
  },
  (t) => [
    index("sequence_enrollments_sequence_idx").on(t.tenantId, t.sequenceId, t.status, t.createdAt),
    index("sequence_enrollments_lead_idx").on(t.tenantId, t.leadId, t.sequenceId),
    index("sequence_enrollments_pending_idx").on(t.dispatchedAt, t.createdAt),
    // One running enrollment per lead and sequence, however many enroll it at once.
    uniqueIndex("sequence_enrollments_running_unique").on(t.sequenceId, t.leadId).where(sql`${t.status} IN ('active', 'paused')`),
  ],
);

/** What happened in an enrollment, node by node: the stats are counted from these rows. */
export const sequenceEvents = sqliteTable(
  "sequence_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    testMode: integer("test_mode", { mode: "boolean" }).notNull(),
    sequenceId: text("sequence_id").notNull(),
    version: integer("version").notNull(),
    enrollmentId: text("enrollment_id").notNull(),
    nodeId: text("node_id"),
    type: text("type", {
      enum: ["enrolled", "entered", "completed", "exited", "email_sent", "opened", "clicked", "replied", "bounced", "unsubscribed"],
    }).notNull(),
    reason: text("reason"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("sequence_events_sequence_idx").on(t.tenantId, t.sequenceId, t.version, t.type)],
);

/**
 * The per-lead frequency cap's ledger: one row per sequence email given a place in its lead's day.
 * The row is written only while the day has room, in one statement, so the count is exact.
 */
export const sequenceSendSlots = sqliteTable(
  "sequence_send_slots",
  {
    enrollmentId: text("enrollment_id").notNull(),
    nodeId: text("node_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    leadId: text("lead_id").notNull(),
    /** The lead's local day, YYYY-MM-DD. */
    day: text("day").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrollmentId, t.nodeId] }), index("sequence_send_slots_lead_idx").on(t.tenantId, t.leadId, t.day)],
);

export type SequenceDefinition = typeof sequenceDefinitions.$inferSelect;
export type SequenceVersion = typeof sequenceVersions.$inferSelect;
export type SequenceEnrollment = typeof sequenceEnrollments.$inferSelect;
export type SequenceEvent = typeof sequenceEvents.$inferSelect;

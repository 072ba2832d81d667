import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { DefinitionEdge, DefinitionNode } from "../json/sequences";

// Email sequences, defined in the seed's Workflow Definition format (served at /v1/workflows): a
// node/edge graph the sequence generator writes and the visual editor reads. "Workflow" in code
// means a Cloudflare Workflow class only.
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
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("sequence_definitions_tenant_idx").on(t.tenantId, t.testMode, t.createdAt)],
);

export type SequenceDefinition = typeof sequenceDefinitions.$inferSelect;

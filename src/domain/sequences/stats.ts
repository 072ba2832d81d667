import { and, count, eq } from "drizzle-orm";
import { sequenceEvents } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { TenantCtx } from "../context";
import { getDefinition } from "./definitions";

// A sequence's numbers, counted from its events (one row per thing that happened, written with it).

const EMAIL_KINDS = ["email_sent", "opened", "clicked", "replied", "bounced", "unsubscribed"] as const;

export interface NodeStats {
  node_id: string;
  entered: number;
  completed: number;
  exited: number;
  exited_by_reason: Record<string, number>;
  emails: Record<(typeof EMAIL_KINDS)[number], number>;
}

export interface VersionStats {
  version: number;
  enrolled: number;
  completed: number;
  exited: number;
  exited_by_reason: Record<string, number>;
  emails: Record<(typeof EMAIL_KINDS)[number], number>;
  nodes: NodeStats[];
}

const noEmails = () => Object.fromEntries(EMAIL_KINDS.map((k) => [k, 0])) as NodeStats["emails"];

export async function sequenceStats(
  ctx: TenantCtx,
  sequenceId: string,
): Promise<{ totals: Omit<VersionStats, "version" | "nodes">; versions: VersionStats[] }> {
  await getDefinition(ctx, sequenceId);
  const rows = await ctx.db
    .select({
      version: sequenceEvents.version,
      nodeId: sequenceEvents.nodeId,
      type: sequenceEvents.type,
      reason: sequenceEvents.reason,
      n: count(),
    })
    .from(sequenceEvents)
    .where(and(ownedBy(sequenceEvents, ctx), eq(sequenceEvents.sequenceId, sequenceId)))
    .groupBy(sequenceEvents.version, sequenceEvents.nodeId, sequenceEvents.type, sequenceEvents.reason);
  const versions = new Map<number, VersionStats>();
  const totals = { enrolled: 0, completed: 0, exited: 0, exited_by_reason: {} as Record<string, number>, emails: noEmails() };
  for (const row of rows) {
    let v = versions.get(row.version);
    if (!v) {
      v = { version: row.version, enrolled: 0, completed: 0, exited: 0, exited_by_reason: {}, emails: noEmails(), nodes: [] };
      versions.set(row.version, v);
    }
    let node: NodeStats | undefined;
    if (row.nodeId !== null) {
      node = v.nodes.find((n) => n.node_id === row.nodeId);
      if (!node) {
        node = { node_id: row.nodeId, entered: 0, completed: 0, exited: 0, exited_by_reason: {}, emails: noEmails() };
        v.nodes.push(node);
      }
    }
    const reason = row.reason ?? "unknown";
    if (row.type === "enrolled") {
      v.enrolled += row.n;
      totals.enrolled += row.n;
    } else if (row.type === "completed" && row.nodeId === null) {
      v.completed += row.n;
      totals.completed += row.n;
    } else if (row.type === "exited") {
      for (const target of [v, totals, ...(node ? [node] : [])]) {
        target.exited += row.n;
        target.exited_by_reason[reason] = (target.exited_by_reason[reason] ?? 0) + row.n;
      }
    } else if (node && (row.type === "entered" || row.type === "completed")) node[row.type] += row.n;
    else if ((EMAIL_KINDS as readonly string[]).includes(row.type)) {
      const kind = row.type as (typeof EMAIL_KINDS)[number];
      for (const target of [v, totals, ...(node ? [node] : [])]) target.emails[kind] += row.n;
    }
  }
  return { totals, versions: [...versions.values()].sort((a, b) => b.version - a.version) };
}

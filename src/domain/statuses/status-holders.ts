import { and, eq, inArray, notExists, type SQL, sql } from "drizzle-orm";
import { leads, opportunities, type Status, sequenceDefinitions, sequenceVersions, statuses } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError, type FieldIssue } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";

// What holds a status's code: the leads or opportunities that have it, and the active sequences
// whose change_status actions move leads to it or whose status_changed triggers fire on it. Taking
// the code from under them would leave leads with a code that names no status, and sequences whose
// every change_status fails and whose trigger never fires.

type Code = typeof statuses.code | string;

const holding = (ctx: TenantCtx, entityType: Status["entityType"], code: Code) =>
  entityType === "lead"
    ? ctx.db
        .select({ id: leads.id })
        .from(leads)
        .where(and(ownedBy(leads, ctx), eq(leads.status, code)))
    : ctx.db
        .select({ id: opportunities.id })
        .from(opportunities)
        .where(and(ownedBy(opportunities, ctx), eq(opportunities.stage, code)));

const nodeStatus = sql<string>`json_extract(n.value, '$.data.status')`;
const namesStatus = sql`((json_extract(n.value, '$.type') = 'action' AND json_extract(n.value, '$.data.actionType') = 'change_status')
  OR (json_extract(n.value, '$.type') = 'trigger' AND json_extract(n.value, '$.data.triggerType') = 'status_changed'))`;

/** The change_status and status_changed nodes of active sequences' active versions whose status matches. */
const activeStatusNodes = (ctx: TenantCtx, matches: SQL) =>
  ctx.db
    .select({ id: sequenceDefinitions.id, name: sequenceDefinitions.name, code: nodeStatus })
    .from(sequenceDefinitions)
    .innerJoin(
      sequenceVersions,
      and(eq(sequenceVersions.sequenceId, sequenceDefinitions.id), eq(sequenceVersions.version, sequenceDefinitions.activeVersion)),
    )
    .innerJoin(sql`json_each(${sequenceVersions.nodes}) AS n`, namesStatus)
    .where(and(ownedBy(sequenceDefinitions, ctx), eq(sequenceDefinitions.status, "active"), matches));

const listNodes = (ctx: TenantCtx, matches: SQL) => activeStatusNodes(ctx, matches).orderBy(sequenceDefinitions.createdAt);

/**
 * The condition a status's delete or code change runs under, checked by the same statement against
 * the row's own code: nothing holds it, so a lead moved to it meanwhile is not left without a status.
 */
export function statusUnheld(ctx: TenantCtx, entityType: Status["entityType"]): SQL {
  const held = notExists(holding(ctx, entityType, statuses.code));
  if (entityType === "opportunity") return held;
  return and(held, notExists(activeStatusNodes(ctx, eq(nodeStatus, statuses.code)))) as SQL;
}

function holdersPhrase(status: Status, n: number): string {
  const them = n === 1 ? "it" : "them";
  if (status.entityType === "lead")
    return `${n} ${n === 1 ? "lead has" : "leads have"} status ${status.code}: move ${them} to another status (PATCH /api/v1/leads/{id})`;
  const held = `${n} ${n === 1 ? "opportunity is" : "opportunities are"} at stage ${status.code}`;
  return `${held}: move ${them} to another stage (PATCH /v1/opportunities/{id})`;
}

/** `1 active workflow (wf_1 "Nurture") names …`: the first few by id and name, with how many more. */
function workflowsNamed(rows: { id: string; name: string }[], names: { one: string; many: string }): string {
  const workflows = [...new Map(rows.map((r) => [r.id, r])).values()];
  const n = workflows.length;
  const listed = workflows.slice(0, 3).map((w) => `${w.id} "${w.name}"`);
  const more = n > 3 ? ` and ${n - 3} more` : "";
  return `${n} active ${n === 1 ? "workflow" : "workflows"} (${listed.join(", ")}${more}) ${n === 1 ? names.one : names.many}`;
}

const DEACTIVATE = "POST /v1/workflows/{workflow_id}/deactivate";

function sequencesPhrase(rows: { id: string; name: string }[], code: string): string {
  const one = rows.every((r) => r.id === rows[0]!.id);
  const named = workflowsNamed(rows, {
    one: `names status ${code} in a change_status action or status_changed trigger`,
    many: `name status ${code} in change_status actions or status_changed triggers`,
  });
  return `${named}: deactivate ${one ? "it" : "them"} (${DEACTIVATE}), or change ${one ? "its" : "their"} nodes and activate again,`;
}

/**
 * The 409 for a status whose delete or code change its statement refused: how many leads or
 * opportunities hold the code, which active sequences name it, and how to proceed. A status deleted
 * meanwhile is a 404.
 */
export async function statusInUse(ctx: TenantCtx, id: string, change: "delete" | "code"): Promise<ApiError> {
  const status = await findOwned(ctx, statuses, id, "Status");
  const holders = await ctx.db.$count(holding(ctx, status.entityType, status.code));
  const naming = status.entityType === "lead" ? await listNodes(ctx, eq(nodeStatus, status.code)) : [];
  const reasons = [
    ...(holders > 0 ? [{ code: "status_in_use", phrase: holdersPhrase(status, holders) }] : []),
    ...(naming.length > 0 ? [{ code: "named_by_workflow", phrase: sequencesPhrase(naming, status.code) }] : []),
  ];
  // Whatever held the code let go between the statement and these counts.
  if (reasons.length === 0) return new ApiError("conflict", `Status ${status.code} was in use a moment ago: try again`);
  const before = change === "delete" ? "before deleting it" : "before changing its code";
  const field = change === "delete" ? "status_id" : "code";
  const issues: FieldIssue[] = reasons.map((r) => ({ field, code: r.code, message: `${r.phrase} ${before}` }));
  return new ApiError("conflict", `${reasons.map((r) => r.phrase).join("; ")} ${before}`, issues);
}

/**
 * Refuses the tenant's first own lead statuses while an active sequence names a default code they
 * leave out (`dropped`): they replace all the defaults, so its change_status would fail and its
 * trigger never fire. `field` is the key a set came under, absent for one status.
 */
export async function assertDefaultsUnnamed(ctx: TenantCtx, dropped: string[], field = "code"): Promise<void> {
  if (dropped.length === 0) return;
  const naming = await listNodes(ctx, inArray(nodeStatus, dropped));
  if (naming.length === 0) return;
  const codes = [...new Set(naming.map((r) => r.code))];
  const one = naming.every((r) => r.id === naming[0]!.id);
  const statusesNamed = `default ${codes.length === 1 ? "status" : "statuses"} ${codes.join(", ")}`;
  const message =
    `The tenant's first own lead statuses replace the defaults, and ${workflowsNamed(naming, { one: "names", many: "name" })} ` +
    `${statusesNamed}, which this request leaves out: include ${codes.length === 1 ? "it" : "them"}, or deactivate the ` +
    `${one ? "workflow" : "workflows"} (${DEACTIVATE}) or change ${one ? "its" : "their"} nodes and activate again, first`;
  throw new ApiError("conflict", message, [{ field, code: "named_by_workflow", message }]);
}

import { and, desc, eq, inArray, notExists } from "drizzle-orm";
import type { DefinitionEdge, DefinitionNode } from "../../db/json/sequences";
import {
  campaigns,
  type SequenceDefinition,
  type SequenceVersion,
  senders,
  sequenceDefinitions,
  sequenceEnrollments,
  sequenceVersions,
} from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError, type FieldIssue } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";
import { statusesFor } from "../statuses/statuses";
import { sequenceActivated } from "./active-sequences";
import { actionTypeOf, campaignDraftOf, senderOf, triggerTypeOf } from "./nodes";
import { graphProblems } from "./validate";

// A sequence's definition is its editable draft: saved whatever its problems, which every answer
// lists. Activating publishes the draft as an immutable version; enrollments walk a version, so
// editing an active sequence changes only what the next activation publishes.

export interface DefinitionInput {
  name: string;
  description?: string | null;
  nodes: DefinitionNode[];
  edges: DefinitionEdge[];
  allow_reenrollment?: boolean;
  exit_on_reply?: boolean;
}

export interface DefinitionWithProblems {
  definition: SequenceDefinition;
  problems: FieldIssue[];
}

const withProblems = (definition: SequenceDefinition): DefinitionWithProblems => ({
  definition,
  problems: graphProblems(definition.nodes, definition.edges),
});

export async function createDefinition(ctx: TenantCtx, input: DefinitionInput): Promise<DefinitionWithProblems> {
  const at = ctx.now.toISOString();
  const definition: SequenceDefinition = {
    id: newId("wf", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    name: input.name,
    description: input.description ?? null,
    nodes: input.nodes,
    edges: input.edges,
    status: "draft",
    activeVersion: null,
    allowReenrollment: input.allow_reenrollment ?? false,
    exitOnReply: input.exit_on_reply ?? true,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.db.insert(sequenceDefinitions).values(definition);
  return withProblems(definition);
}

export const getDefinition = (ctx: TenantCtx, id: string) => findOwned(ctx, sequenceDefinitions, id, "Workflow");
export const readDefinition = async (ctx: TenantCtx, id: string) => withProblems(await getDefinition(ctx, id));

/**
 * Deletes a sequence none of whose enrollments runs any more; with running ones it is refused
 * (409, with how many), since they would go on sending with no way left to pause, cancel or count
 * them. One statement checks and deletes, so an enrollment a trigger writes meanwhile is not cut off.
 */
export async function deleteDefinition(ctx: TenantCtx, id: string): Promise<void> {
  const running = and(
    ownedBy(sequenceEnrollments, ctx),
    eq(sequenceEnrollments.sequenceId, id),
    inArray(sequenceEnrollments.status, ["active", "paused"]),
  );
  const deleted = await ctx.db
    .delete(sequenceDefinitions)
    .where(
      and(
        ownedBy(sequenceDefinitions, ctx),
        eq(sequenceDefinitions.id, id),
        notExists(ctx.db.select({ id: sequenceEnrollments.id }).from(sequenceEnrollments).where(running)),
      ),
    )
    .returning({ id: sequenceDefinitions.id });
  if (deleted.length > 0) return;
  await getDefinition(ctx, id);
  const count = await ctx.db.$count(sequenceEnrollments, running);
  throw new ApiError(
    "conflict",
    `Workflow ${id} has ${count} running enrollment${count === 1 ? "" : "s"}: deactivate it, cancel each ` +
      `(POST /v1/enrollments/{enrollment_id}/cancel; GET /v1/workflows/${id}/enrollments?status=active and ?status=paused list them) ` +
      "or let them end, then delete it",
    [
      {
        field: "workflow_id",
        code: "running_enrollments",
        message: `${count} enrollment${count === 1 ? " is" : "s are"} active or paused`,
      },
    ],
  );
}

export async function listDefinitions(ctx: TenantCtx, page: { limit: number; offset: number }): Promise<DefinitionWithProblems[]> {
  const rows = await ctx.db
    .select()
    .from(sequenceDefinitions)
    .where(ownedBy(sequenceDefinitions, ctx))
    .orderBy(desc(sequenceDefinitions.createdAt))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(withProblems);
}

/** Changes the draft; running enrollments and the active version are untouched. */
export async function updateDefinition(ctx: TenantCtx, id: string, change: Partial<DefinitionInput>): Promise<DefinitionWithProblems> {
  await getDefinition(ctx, id);
  const [updated] = await ctx.db
    .update(sequenceDefinitions)
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.nodes !== undefined ? { nodes: change.nodes } : {}),
      ...(change.edges !== undefined ? { edges: change.edges } : {}),
      ...(change.allow_reenrollment !== undefined ? { allowReenrollment: change.allow_reenrollment } : {}),
      ...(change.exit_on_reply !== undefined ? { exitOnReply: change.exit_on_reply } : {}),
      updatedAt: ctx.now.toISOString(),
    })
    .where(and(ownedBy(sequenceDefinitions, ctx), eq(sequenceDefinitions.id, id)))
    .returning();
  return withProblems(updated!);
}

const statusOf = (node: DefinitionNode) => (typeof node.data.status === "string" && node.data.status !== "" ? node.data.status : null);

/**
 * The lead statuses the graph names that the tenant does not have. A change_status action moves a
 * lead only to one of them, and a status_changed trigger fires only on such a move, so any other
 * code would fail every enrollment at that node, or never fire. Feedback's `converted` and
 * `returned` set a lead's status without that move, so a trigger on them fires only when the
 * tenant has them as statuses of its own.
 */
async function statusProblems(ctx: TenantCtx, refs: { node: DefinitionNode; id: string }[]): Promise<FieldIssue[]> {
  if (refs.length === 0) return [];
  const codes = (await statusesFor(ctx, "lead")).map((s) => s.code);
  return refs
    .filter((ref) => !codes.includes(ref.id))
    .map((ref) => ({
      field: `nodes.${ref.node.nodeId}`,
      code: "not_found",
      message: `${ref.node.nodeId} names status ${ref.id}, which is not one of this tenant's lead statuses (${codes.join(", ")})`,
    }));
}

/**
 * What the graph names that must exist: its email nodes' senders and campaigns, the sequences it
 * enrolls in, the lead statuses it moves leads to or is triggered by.
 */
async function referenceProblems(ctx: TenantCtx, definition: SequenceDefinition): Promise<FieldIssue[]> {
  const problems: FieldIssue[] = [];
  const named = (type: string, read: (n: DefinitionNode) => string | null) =>
    definition.nodes.filter((n) => n.type === type).flatMap((n) => (read(n) ? [{ node: n, id: read(n)! }] : []));
  const check = async (
    refs: { node: DefinitionNode; id: string }[],
    table: typeof senders | typeof campaigns | typeof sequenceDefinitions,
    what: string,
  ) => {
    if (refs.length === 0) return;
    const found = await ctx.db
      .select({ id: table.id })
      .from(table)
      .where(
        and(
          ownedBy(table, ctx),
          inArray(
            table.id,
            refs.map((r) => r.id),
          ),
        ),
      );
    const ids = new Set(found.map((f) => f.id));
    for (const ref of refs)
      if (!ids.has(ref.id))
        problems.push({
          field: `nodes.${ref.node.nodeId}`,
          code: "not_found",
          message: `${ref.node.nodeId} names ${what} ${ref.id}, which does not exist`,
        });
  };
  await check(
    [...named("email", senderOf), ...named("action", (n) => (actionTypeOf(n) === "notify_owner" ? senderOf(n) : null))],
    senders,
    "sender",
  );
  await check(
    named("email", (n) => campaignDraftOf(n)?.campaignId ?? null),
    campaigns,
    "campaign",
  );
  const enrolls = named("action", (n) =>
    n.data.actionType === "enroll" && typeof n.data.sequenceId === "string" ? n.data.sequenceId : null,
  );
  for (const ref of enrolls)
    if (ref.id === definition.id)
      problems.push({
        field: `nodes.${ref.node.nodeId}`,
        code: "enrolls_itself",
        message: `${ref.node.nodeId} enrolls the lead in this same sequence`,
      });
  await check(
    enrolls.filter((r) => r.id !== definition.id),
    sequenceDefinitions,
    "sequence",
  );
  const statuses = [
    ...named("action", (n) => (actionTypeOf(n) === "change_status" ? statusOf(n) : null)),
    ...named("trigger", (n) => (triggerTypeOf(n) === "status_changed" ? statusOf(n) : null)),
  ];
  problems.push(...(await statusProblems(ctx, statuses)));
  return problems;
}

export async function latestVersion(ctx: TenantCtx, sequenceId: string): Promise<SequenceVersion | null> {
  const [row] = await ctx.db
    .select()
    .from(sequenceVersions)
    .where(and(ownedBy(sequenceVersions, ctx), eq(sequenceVersions.sequenceId, sequenceId)))
    .orderBy(desc(sequenceVersions.version))
    .limit(1);
  return row ?? null;
}

const sameGraph = (a: { nodes: unknown; edges: unknown }, b: { nodes: unknown; edges: unknown }) =>
  JSON.stringify([a.nodes, a.edges]) === JSON.stringify([b.nodes, b.edges]);

/**
 * Publishes the draft as the next version and makes it the one new enrollments start on (the
 * latest version again when the draft has not changed since). A graph that cannot run is refused
 * with every problem, each naming its node or edge.
 */
export async function activateDefinition(
  ctx: TenantCtx,
  id: string,
): Promise<{ definition: SequenceDefinition; version: SequenceVersion }> {
  const definition = await getDefinition(ctx, id);
  const problems = [...graphProblems(definition.nodes, definition.edges), ...(await referenceProblems(ctx, definition))];
  if (problems.length > 0)
    throw new ApiError(
      "invalid_request",
      problems.length === 1
        ? `The sequence cannot run: ${problems[0]!.message}`
        : `The sequence cannot run: it has ${problems.length} problems`,
      problems,
    );
  const at = ctx.now.toISOString();
  const latest = await latestVersion(ctx, id);
  let version = latest;
  if (!latest || !sameGraph(latest, definition)) {
    version = {
      tenantId: ctx.tenant.id,
      testMode: ctx.testMode,
      sequenceId: id,
      version: (latest?.version ?? 0) + 1,
      nodes: definition.nodes,
      edges: definition.edges,
      createdAt: at,
    };
    // The primary key (sequence, version) makes a racing activation fail rather than publish twice.
    await ctx.db.insert(sequenceVersions).values(version);
  }
  const [updated] = await ctx.db
    .update(sequenceDefinitions)
    .set({ status: "active", activeVersion: version!.version, updatedAt: at })
    .where(and(ownedBy(sequenceDefinitions, ctx), eq(sequenceDefinitions.id, id)))
    .returning();
  sequenceActivated(ctx);
  return { definition: updated!, version: version! };
}

/** Stops new enrollments (triggers and API); running ones go on. */
export async function deactivateDefinition(ctx: TenantCtx, id: string): Promise<DefinitionWithProblems> {
  const definition = await getDefinition(ctx, id);
  if (definition.status !== "active") return withProblems(definition);
  const [updated] = await ctx.db
    .update(sequenceDefinitions)
    .set({ status: "inactive", updatedAt: ctx.now.toISOString() })
    .where(and(ownedBy(sequenceDefinitions, ctx), eq(sequenceDefinitions.id, id)))
    .returning();
  return withProblems(updated!);
}

export async function listVersions(ctx: TenantCtx, id: string): Promise<SequenceVersion[]> {
  await getDefinition(ctx, id);
  return ctx.db
    .select()
    .from(sequenceVersions)
    .where(and(ownedBy(sequenceVersions, ctx), eq(sequenceVersions.sequenceId, id)))
    .orderBy(desc(sequenceVersions.version));
}

export async function getVersion(ctx: TenantCtx, sequenceId: string, version: number): Promise<SequenceVersion> {
  const [row] = await ctx.db
    .select()
    .from(sequenceVersions)
    .where(and(ownedBy(sequenceVersions, ctx), eq(sequenceVersions.sequenceId, sequenceId), eq(sequenceVersions.version, version)))
    .limit(1);
  if (!row) throw new ApiError("not_found", `Version ${version} of workflow ${sequenceId} does not exist`);
  return row;
}

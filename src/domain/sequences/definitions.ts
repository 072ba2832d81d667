import { and, desc, eq } from "drizzle-orm";
import type { DefinitionEdge, DefinitionNode } from "../../db/json/sequences";
import { type SequenceDefinition, sequenceDefinitions } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { deleteOwned, findOwned } from "../owned";
import { graphProblems } from "./validate";

export interface DefinitionInput {
  name: string;
  description?: string | null;
  nodes: DefinitionNode[];
  edges: DefinitionEdge[];
}

function validate(nodes: DefinitionNode[], edges: DefinitionEdge[]) {
  const problems = graphProblems(nodes, edges);
  if (problems.length > 0)
    throw new ApiError(
      "invalid_request",
      problems.length === 1 ? problems[0]!.message : `The sequence has ${problems.length} problems`,
      problems,
    );
}

export async function createDefinition(ctx: TenantCtx, input: DefinitionInput): Promise<SequenceDefinition> {
  validate(input.nodes, input.edges);
  const at = ctx.now.toISOString();
  const definition: SequenceDefinition = {
    id: newId("wf", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    name: input.name,
    description: input.description ?? null,
    nodes: input.nodes,
    edges: input.edges,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.db.insert(sequenceDefinitions).values(definition);
  return definition;
}

export const getDefinition = (ctx: TenantCtx, id: string) => findOwned(ctx, sequenceDefinitions, id, "Workflow");
export const deleteDefinition = (ctx: TenantCtx, id: string) => deleteOwned(ctx, sequenceDefinitions, id, "Workflow");

export function listDefinitions(ctx: TenantCtx, page: { limit: number; offset: number }): Promise<SequenceDefinition[]> {
  return ctx.db
    .select()
    .from(sequenceDefinitions)
    .where(ownedBy(sequenceDefinitions, ctx))
    .orderBy(desc(sequenceDefinitions.createdAt))
    .limit(page.limit)
    .offset(page.offset);
}

/** Changes a definition; the graph it ends with is validated as on create. */
export async function updateDefinition(ctx: TenantCtx, id: string, change: Partial<DefinitionInput>): Promise<SequenceDefinition> {
  const current = await getDefinition(ctx, id);
  const nodes = change.nodes ?? current.nodes;
  const edges = change.edges ?? current.edges;
  validate(nodes, edges);
  const [updated] = await ctx.db
    .update(sequenceDefinitions)
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      nodes,
      edges,
      updatedAt: ctx.now.toISOString(),
    })
    .where(and(ownedBy(sequenceDefinitions, ctx), eq(sequenceDefinitions.id, id)))
    .returning();
  return updated!;
}

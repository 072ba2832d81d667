import { z } from "@hono/zod-openapi";
import type { Workflow } from "../../db/schema";

const Node = z
  .object({
    nodeId: z.string().min(1).max(64),
    type: z.enum(["trigger", "email", "wait", "condition", "action"]),
    position: z.object({ x: z.number(), y: z.number() }),
    data: z.record(z.string(), z.unknown()).openapi({ description: "email: subjectLine, body; wait: duration, durationUnit (minutes|hours|days|weeks); condition: conditionField; trigger: triggerType; action: actionType" }),
  })
  .openapi("WorkflowNode");

const Edge = z
  .object({
    edgeId: z.string().min(1).max(64),
    source: z.string().min(1).max(64),
    target: z.string().min(1).max(64),
    sourceHandle: z.enum(["yes", "no"]).optional().openapi({ description: "Which branch of a condition node the edge leaves from" }),
  })
  .openapi("WorkflowEdge");

export const DefinitionInput = z
  .object({ name: z.string().min(1).max(200), description: z.string().max(1000).nullable().optional(), nodes: z.array(Node).min(1).max(200), edges: z.array(Edge).max(400) })
  .openapi("WorkflowDefinitionInput", { description: "The sequence generator's `data`, unchanged, or a graph drawn by hand" });

export const Definition = z
  .object({ id: z.string(), name: z.string(), description: z.string().nullable(), nodes: z.array(Node), edges: z.array(Edge), createdAt: z.string(), updatedAt: z.string() })
  .openapi("WorkflowDefinition");

export function renderDefinition(w: Workflow): z.infer<typeof Definition> {
  return { id: w.id, name: w.name, description: w.description, nodes: w.nodes as z.infer<typeof Node>[], edges: w.edges as z.infer<typeof Edge>[], createdAt: w.createdAt, updatedAt: w.updatedAt };
}

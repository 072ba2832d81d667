import { z } from "@hono/zod-openapi";
import type { SequenceDefinition } from "../../../db/schema";
import { successEnvelope } from "../../../platform/envelopes";

// Nodes and edges keep keys this API does not know (an editor's styling, an edge `label`), so a
// definition reads back exactly as it was saved.
const Node = z
  .object({
    nodeId: z.string().min(1).max(64).openapi({ example: "email-1" }),
    type: z.enum(["trigger", "email", "wait", "condition", "action"]).openapi({ example: "email" }),
    position: z.object({ x: z.number(), y: z.number() }).openapi({ example: { x: 300, y: 200 } }),
    data: z.record(z.string(), z.unknown()).openapi({
      description:
        "email: subjectLine (or subject), body; wait: duration, durationUnit (minutes|hours|days|weeks); " +
        "condition: conditionField; trigger: triggerType; action: actionType. Other keys are kept.",
      example: { label: "Introduction Email", subjectLine: "Quick question about your pipeline", body: "Hi, ..." },
    }),
  })
  .loose()
  .openapi("WorkflowNode");

const Edge = z
  .object({
    edgeId: z.string().min(1).max(64).openapi({ example: "e-4" }),
    source: z.string().min(1).max(64).openapi({ example: "cond-1" }),
    target: z.string().min(1).max(64).openapi({ example: "email-2" }),
    sourceHandle: z.enum(["yes", "no"]).optional().openapi({
      description:
        "The branch of a condition node this edge leaves from. Only `sourceHandle` decides a branch; an edge `label` is kept but not read.",
      example: "yes",
    }),
  })
  .loose()
  .openapi("WorkflowEdge");

export const DefinitionInput = z
  .object({
    name: z.string().min(1).max(200).openapi({ example: "CTO Outreach Sequence" }),
    description: z.string().max(1000).nullable().optional().openapi({ example: "Cold outreach sequence targeting B2B SaaS CTOs" }),
    nodes: z.array(Node).min(1).max(200),
    edges: z.array(Edge).max(400),
  })
  .openapi("WorkflowDefinitionInput", { description: "The sequence generator's `data`, unchanged, or a graph drawn by hand" });

export const Definition = z
  .object({
    id: z.string().openapi({ example: "wf_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    name: z.string().openapi({ example: "CTO Outreach Sequence" }),
    description: z.string().nullable().openapi({ example: "Cold outreach sequence targeting B2B SaaS CTOs" }),
    nodes: z.array(Node),
    edges: z.array(Edge),
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
  })
  .openapi("WorkflowDefinition");

export function renderDefinition(w: SequenceDefinition): z.infer<typeof Definition> {
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    nodes: w.nodes as z.infer<typeof Node>[],
    edges: w.edges as z.infer<typeof Edge>[],
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

export const WorkflowCreated = successEnvelope(Definition, "WorkflowCreated");
export const WorkflowList = successEnvelope(z.array(Definition), "WorkflowList");
export const WorkflowResponse = successEnvelope(Definition, "WorkflowResponse");
export const DefinitionChange = DefinitionInput.partial().openapi("WorkflowDefinitionChange");
export const WorkflowUpdated = successEnvelope(Definition, "WorkflowUpdated");

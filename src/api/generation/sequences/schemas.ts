import { z } from "@hono/zod-openapi";
import type { SequenceVersion } from "../../../db/schema";
import type { DefinitionWithProblems } from "../../../domain/sequences/definitions";
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
        "trigger: triggerType (manual | lead_created + flowId | status_changed + status | score_hot | form_submitted + formId); " +
        "email: subjectLine (or subject), body (or campaignId + campaignStep: each lead's campaign draft for that step), senderId; " +
        "wait: duration + durationUnit (minutes|hours|days|business_days|weeks), or untilTime (HH:MM) and optional untilWeekday (1-7), " +
        "in the lead's time zone; condition: conditionField email_opened|email_clicked|email_replied (optional emailNodeId, " +
        "timeout + timeoutUnit, default 3 days) or expression (a CEL expression over lead, as in flow criteria); " +
        "action: actionType change_status (status) | add_tag / remove_tag (tag) | set_field (field, value) | send_webhook (event) | " +
        "enroll (sequenceId) | notify_owner (optional senderId, default the first email node's; optional to, an email address, " +
        "default the sender's reply_to, else its from_email: a notification about the lead, outside the lead's frequency cap) | end. " +
        "Other keys are kept.",
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
    allow_reenrollment: z.boolean().optional().openapi({
      description: "Whether a lead whose enrollment ended may be enrolled again (default false: once per sequence)",
      example: false,
    }),
    exit_on_reply: z.boolean().optional().openapi({
      description: "Whether a reply from the lead ends its enrollment before the next email (default true)",
      example: true,
    }),
  })
  .openapi("WorkflowDefinitionInput", { description: "The sequence generator's `data`, unchanged, or a graph drawn by hand" });

const Problem = z
  .object({
    field: z.string().openapi({ description: "`nodes.<nodeId>`, `edges.<edgeId>`, `nodes` or `edges`", example: "nodes.email-1" }),
    code: z.string().openapi({ example: "missing_body" }),
    message: z.string().openapi({ example: "email email-1 has no body" }),
  })
  .openapi("WorkflowProblem");

export const Definition = z
  .object({
    id: z.string().openapi({ example: "wf_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    name: z.string().openapi({ example: "CTO Outreach Sequence" }),
    description: z.string().nullable().openapi({ example: "Cold outreach sequence targeting B2B SaaS CTOs" }),
    nodes: z.array(Node),
    edges: z.array(Edge),
    status: z.enum(["draft", "active", "inactive"]).openapi({
      description: "draft: never activated; active: new enrollments start on `active_version`; inactive: no new enrollments",
      example: "draft",
    }),
    active_version: z.number().int().nullable().openapi({ description: "The version new enrollments start on", example: null }),
    allow_reenrollment: z.boolean().openapi({ example: false }),
    exit_on_reply: z.boolean().openapi({ example: true }),
    problems: z.array(Problem).openapi({
      description: "What keeps the draft (`nodes`, `edges`) from being activated; empty when it can run",
    }),
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
  })
  .openapi("WorkflowDefinition");

export function renderDefinition({ definition: w, problems }: DefinitionWithProblems): z.infer<typeof Definition> {
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    nodes: w.nodes as z.infer<typeof Node>[],
    edges: w.edges as z.infer<typeof Edge>[],
    status: w.status,
    active_version: w.activeVersion,
    allow_reenrollment: w.allowReenrollment,
    exit_on_reply: w.exitOnReply,
    problems: problems.map((p) => ({ field: p.field, code: p.code, message: p.message })),
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

export const Version = z
  .object({
    workflow_id: z.string().openapi({ example: "wf_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    version: z.number().int().openapi({ example: 1 }),
    nodes: z.array(Node),
    edges: z.array(Edge),
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
  })
  .openapi("WorkflowVersion");

export const renderVersion = (v: SequenceVersion): z.infer<typeof Version> => ({
  workflow_id: v.sequenceId,
  version: v.version,
  nodes: v.nodes as z.infer<typeof Node>[],
  edges: v.edges as z.infer<typeof Edge>[],
  created_at: v.createdAt,
});

export const WorkflowActivated = successEnvelope(
  z.object({ workflow: Definition, version: Version }).openapi("WorkflowActivation"),
  "WorkflowActivated",
);
export const WorkflowVersionList = successEnvelope(z.array(Version), "WorkflowVersionList");

export const WorkflowCreated = successEnvelope(Definition, "WorkflowCreated");
export const WorkflowList = successEnvelope(z.array(Definition), "WorkflowList");
export const WorkflowResponse = successEnvelope(Definition, "WorkflowResponse");
export const DefinitionChange = DefinitionInput.partial().openapi("WorkflowDefinitionChange");
export const WorkflowUpdated = successEnvelope(Definition, "WorkflowUpdated");

const EmailCounts = z
  .object({
    email_sent: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
    replied: z.number().int(),
    bounced: z.number().int(),
    unsubscribed: z.number().int(),
  })
  .openapi("SequenceEmailCounts", { description: "Emails the sequence sent, and what their recipients did (each once per email)" });
const Counts = {
  enrolled: z.number().int().openapi({ example: 120 }),
  completed: z.number().int().openapi({ example: 80 }),
  exited: z.number().int().openapi({ example: 12 }),
  exited_by_reason: z.record(z.string(), z.number().int()).openapi({ example: { replied: 9, unsubscribed: 3 } }),
  emails: EmailCounts,
};
const NodeCounts = z
  .object({
    node_id: z.string().openapi({ example: "email-1" }),
    entered: z.number().int(),
    completed: z.number().int(),
    exited: z.number().int(),
    exited_by_reason: z.record(z.string(), z.number().int()),
    emails: EmailCounts,
  })
  .openapi("SequenceNodeStats");
export const WorkflowStats = successEnvelope(
  z
    .object({
      workflow_id: z.string(),
      ...Counts,
      versions: z.array(z.object({ version: z.number().int(), ...Counts, nodes: z.array(NodeCounts) }).openapi("SequenceVersionStats")),
    })
    .openapi("SequenceStats"),
  "WorkflowStatsResponse",
);

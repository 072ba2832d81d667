import type { DefinitionEdge, DefinitionNode } from "../../db/json/sequences";

// What each node type reads from its `data`, and how the graph is walked. Pure: the validator, the
// activation's limits and the running Workflow all read nodes through these.

export const TRIGGER_TYPES = ["manual", "lead_created", "status_changed", "score_hot", "form_submitted"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const ENGAGEMENT_FIELDS = { email_opened: "opened", email_clicked: "clicked", email_replied: "replied" } as const;
export type EngagementField = keyof typeof ENGAGEMENT_FIELDS;

export const ACTION_TYPES = [
  "change_status",
  "add_tag",
  "remove_tag",
  "set_field",
  "send_webhook",
  "enroll",
  "notify_owner",
  "end",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const WAIT_UNITS = ["minutes", "hours", "days", "business_days", "weeks"] as const;

/** How long an engagement condition waits for its event when the node does not say. */
export const DEFAULT_CONDITION_TIMEOUT = { duration: 3, unit: "days" } as const;

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);

export const subjectOf = (node: DefinitionNode) => text(node.data.subjectLine) ?? text(node.data.subject);
export const bodyOf = (node: DefinitionNode) => text(node.data.body);
export const senderOf = (node: DefinitionNode) => text(node.data.senderId);
/** "Use the lead's campaign draft for step N": `campaignId` and `campaignStep`. */
export function campaignDraftOf(node: DefinitionNode): { campaignId: string; stepIndex: number } | null {
  const campaignId = text(node.data.campaignId);
  const stepIndex = node.data.campaignStep;
  return campaignId && typeof stepIndex === "number" && Number.isInteger(stepIndex) && stepIndex >= 1 ? { campaignId, stepIndex } : null;
}

export const triggerTypeOf = (node: DefinitionNode): string => text(node.data.triggerType) ?? "manual";

/** A condition on engagement, or on the lead (a CEL expression). */
export type ConditionKind =
  | { kind: "engagement"; field: EngagementField; emailNodeId: string | null }
  | { kind: "expression"; expression: string }
  | { kind: "unknown"; field: string | null };

export function conditionOf(node: DefinitionNode): ConditionKind {
  const field = text(node.data.conditionField);
  const expression = text(node.data.expression);
  if (field && field in ENGAGEMENT_FIELDS)
    return { kind: "engagement", field: field as EngagementField, emailNodeId: text(node.data.emailNodeId) };
  if (expression && (!field || field === "expression")) return { kind: "expression", expression };
  return { kind: "unknown", field };
}

export const actionTypeOf = (node: DefinitionNode): string | null => text(node.data.actionType);

/**
 * The sender a `notify_owner` action writes through, whose owner it tells: the node's own
 * `senderId`, else that of the graph's first email node (in node order) that names one.
 */
export function notifySenderOf(node: DefinitionNode, nodes: DefinitionNode[]): string | null {
  return senderOf(node) ?? firstEmailSender(nodes);
}

const firstEmailSender = (nodes: DefinitionNode[]) =>
  nodes
    .filter((n) => n.type === "email")
    .map(senderOf)
    .find((id) => id !== null) ?? null;

/**
 * The sender whose send window a wait aligns to: that of the first email node reachable after
 * `nodeId` (breadth first, so the nearer branch wins), else of the graph's first email node.
 */
export function senderAfter(nodeId: string, nodes: DefinitionNode[], edges: DefinitionEdge[]): string | null {
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const seen = new Set([nodeId]);
  for (let frontier = [nodeId]; frontier.length > 0; ) {
    const next = edges.filter((e) => frontier.includes(e.source) && !seen.has(e.target)).map((e) => e.target);
    for (const id of next) {
      seen.add(id);
      const found = byId.get(id);
      const sender = found?.type === "email" ? senderOf(found) : null;
      if (sender) return sender;
    }
    frontier = next;
  }
  return firstEmailSender(nodes);
}

/** A plain address check for a `notify_owner` action's optional `to`; the transport has the last word. */
export const isEmailAddress = (value: unknown): value is string =>
  typeof value === "string" && value.length <= 254 && /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(value);

/** The node an edge from `nodeId` leads to (`branch`: a condition's yes or no). */
export function nextOf(edges: DefinitionEdge[], nodeId: string, branch?: "yes" | "no"): string | null {
  const edge = edges.find((e) => e.source === nodeId && (branch === undefined || e.sourceHandle === branch));
  return edge?.target ?? null;
}

export const triggerOf = (nodes: DefinitionNode[]) => nodes.find((n) => n.type === "trigger") ?? null;

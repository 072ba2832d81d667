import type { DefinitionEdge, DefinitionNode } from "../../db/json/sequences";
import type { FieldIssue } from "../../platform/errors";
import { templateProblem } from "../email/merge-fields";
import { CriteriaError, compileCriteria } from "../flows/criteria";
import {
  ACTION_TYPES,
  bodyOf,
  campaignDraftOf,
  conditionOf,
  isEmailAddress,
  notifySenderOf,
  senderOf,
  subjectOf,
  TRIGGER_TYPES,
  triggerTypeOf,
} from "./nodes";

// business_days count as days for the bounds: a wait of 5 business days lasts about a week.
const UNIT_MS: Record<string, number> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  business_days: 86_400_000,
  weeks: 604_800_000,
};
/** The longest a single wait may be. */
export const MAX_WAIT_DAYS = 90;
/** The longest an engagement condition waits for its event (a `waitForEvent` timeout). */
export const MAX_CONDITION_DAYS = 30;
/**
 * Workflow steps an enrollment may take at most at each node: one to arrive, and the node's own.
 * An email may wait for the lead's frequency cap up to MAX_CAP_ROUNDS times (a step and a sleep each).
 */
export const MAX_CAP_ROUNDS = 8;
const NODE_STEPS: Record<string, number> = { trigger: 1, email: 1 + 2 * MAX_CAP_ROUNDS, wait: 3, condition: 3, action: 2 };
/** Of the 1,024 steps a Workflow instance may take: room left for loading, finishing and pauses. */
export const MAX_PATH_STEPS = 900;
/** The graph is one step's result when an enrollment loads it (1 MiB at most). */
export const MAX_GRAPH_BYTES = 256 * 1024;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

const issue = (field: string, code: string, message: string): FieldIssue => ({ field, code, message });

/**
 * Every problem that keeps a sequence graph from running, each naming its node or edge: one
 * trigger of a known type with its data; unique node and edge ids; edges between existing nodes;
 * every node reachable from the trigger; no cycles; a condition has one "yes" and one "no" branch
 * (`sourceHandle`) and a known kind (engagement with a timeout of at most 30 days, or a CEL
 * expression that compiles), other nodes at most one next step; waits of 1 minute to 90 days or
 * until a weekday and time; emails with a subject, a body (or a campaign draft), a sender and
 * only merge fields that merge (as POST /api/v1/messages checks them);
 * actions of a known type with their data; and within the Workflows limits (steps per instance,
 * the size of the graph as one step's result). A draft may have problems; an active version has none.
 */
export function graphProblems(nodes: DefinitionNode[], edges: DefinitionEdge[]): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const byId = new Map<string, DefinitionNode>();
  for (const node of nodes) {
    if (byId.has(node.nodeId)) problems.push(issue(`nodes.${node.nodeId}`, "duplicate_node", `node id ${node.nodeId} is used twice`));
    byId.set(node.nodeId, node);
  }
  const triggers = nodes.filter((n) => n.type === "trigger");
  if (triggers.length === 0) problems.push(issue("nodes", "missing_trigger", "the sequence has no trigger node"));
  for (const extra of triggers.slice(1))
    problems.push(issue(`nodes.${extra.nodeId}`, "extra_trigger", `trigger ${extra.nodeId} is a second trigger; a sequence has one`));

  const outgoing = new Map<string, DefinitionEdge[]>();
  const edgeIds = new Set<string>();
  for (const edge of edges) {
    if (edgeIds.has(edge.edgeId)) problems.push(issue(`edges.${edge.edgeId}`, "duplicate_edge", `edge id ${edge.edgeId} is used twice`));
    edgeIds.add(edge.edgeId);
    for (const end of ["source", "target"] as const) {
      if (!byId.has(edge[end]))
        problems.push(
          issue(
            `edges.${edge.edgeId}`,
            "unknown_node",
            `edge ${edge.edgeId} ${end === "source" ? "starts at" : "leads to"} ${edge[end]}, which is not a node`,
          ),
        );
    }
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  }

  for (const node of nodes) {
    const out = outgoing.get(node.nodeId) ?? [];
    const field = `nodes.${node.nodeId}`;
    if (node.type === "condition") {
      for (const branch of ["yes", "no"]) {
        const count = out.filter((e) => e.sourceHandle === branch).length;
        if (count === 0) problems.push(issue(field, "missing_branch", `condition ${node.nodeId} has no "${branch}" branch`));
        if (count > 1) problems.push(issue(field, "duplicate_branch", `condition ${node.nodeId} has ${count} "${branch}" branches`));
      }
    } else if (out.length > 1) {
      problems.push(
        issue(field, "several_next_steps", `${node.type} ${node.nodeId} has ${out.length} outgoing edges; only a condition branches`),
      );
    }
    if (node.type === "trigger" && edges.some((e) => e.target === node.nodeId))
      problems.push(issue(field, "trigger_has_input", `trigger ${node.nodeId} has an incoming edge`));
    if (node.type === "email") {
      const draft = campaignDraftOf(node);
      if (!subjectOf(node) && !draft) problems.push(issue(field, "missing_subject", `email ${node.nodeId} has no subjectLine`));
      if (!bodyOf(node) && !draft)
        problems.push(
          issue(field, "missing_body", `email ${node.nodeId} has no body (or campaignId and campaignStep to use each lead's draft)`),
        );
      if (!senderOf(node)) problems.push(issue(field, "missing_sender", `email ${node.nodeId} has no senderId`));
      for (const [part, template] of [
        ["subject", subjectOf(node)],
        ["body", bodyOf(node)],
      ] as const) {
        const problem = template ? templateProblem(template) : null;
        if (problem) problems.push(issue(field, "unknown_merge_field", `email ${node.nodeId} ${part} ${problem}`));
      }
    }
    if (node.type === "trigger") triggerProblems(node, field, problems);
    if (node.type === "condition") conditionProblems(node, field, nodes, problems);
    if (node.type === "action") actionProblems(node, field, nodes, problems);
    if (node.type === "wait" && node.data.untilTime !== undefined) {
      const { untilTime, untilWeekday } = node.data;
      if (typeof untilTime !== "string" || !/^([01]\d|2[0-3]):[0-5]\d$/.test(untilTime))
        problems.push(issue(field, "invalid_wait", `wait ${node.nodeId} has untilTime ${String(untilTime)}; use HH:MM`));
      if (untilWeekday !== undefined && !WEEKDAYS.includes(untilWeekday as number))
        problems.push(issue(field, "invalid_wait", `wait ${node.nodeId} has untilWeekday ${String(untilWeekday)}; use 1 (Monday) to 7`));
    } else if (node.type === "wait") {
      const { duration, durationUnit } = node.data;
      const unit = typeof durationUnit === "string" ? UNIT_MS[durationUnit] : undefined;
      if (typeof duration !== "number" || !(duration > 0))
        problems.push(issue(field, "invalid_wait", `wait ${node.nodeId} needs a positive duration`));
      else if (!unit)
        problems.push(
          issue(
            field,
            "invalid_wait",
            `wait ${node.nodeId} has durationUnit ${String(durationUnit)}; use minutes, hours, days, business_days or weeks`,
          ),
        );
      else if (duration * unit > MAX_WAIT_DAYS * UNIT_MS.days! || duration * unit < UNIT_MS.minutes!)
        problems.push(
          issue(
            field,
            "wait_out_of_bounds",
            `wait ${node.nodeId} lasts ${duration} ${durationUnit}; a wait is 1 minute to ${MAX_WAIT_DAYS} days`,
          ),
        );
    }
  }

  // Reachability and cycles: a depth-first walk from the trigger, colouring nodes on the path.
  const [trigger] = triggers;
  if (trigger) {
    const state = new Map<string, "open" | "done">();
    const walk = (id: string) => {
      state.set(id, "open");
      for (const edge of outgoing.get(id) ?? []) {
        if (!byId.has(edge.target)) continue;
        const seen = state.get(edge.target);
        if (seen === "open")
          problems.push(
            issue(`edges.${edge.edgeId}`, "cycle", `edge ${edge.edgeId} from ${edge.source} back to ${edge.target} makes a cycle`),
          );
        else if (!seen) walk(edge.target);
      }
      state.set(id, "done");
    };
    walk(trigger.nodeId);
    for (const node of nodes)
      if (!state.has(node.nodeId))
        problems.push(issue(`nodes.${node.nodeId}`, "unreachable", `node ${node.nodeId} cannot be reached from trigger ${trigger.nodeId}`));
    if (!problems.some((p) => p.code === "cycle")) limitProblems(trigger.nodeId, byId, outgoing, problems);
  }
  const bytes = new TextEncoder().encode(JSON.stringify({ nodes, edges })).length;
  if (bytes > MAX_GRAPH_BYTES)
    problems.push(issue("nodes", "graph_too_large", `the graph is ${bytes} bytes; a runnable sequence is at most ${MAX_GRAPH_BYTES}`));
  return problems;
}

function triggerProblems(node: DefinitionNode, field: string, problems: FieldIssue[]) {
  const type = triggerTypeOf(node);
  if (!(TRIGGER_TYPES as readonly string[]).includes(type)) {
    problems.push(issue(field, "invalid_trigger", `trigger ${node.nodeId} has triggerType ${type}; use ${TRIGGER_TYPES.join(", ")}`));
    return;
  }
  const needs = { lead_created: "flowId", status_changed: "status", form_submitted: "formId" }[type as string];
  if (needs && (typeof node.data[needs] !== "string" || node.data[needs] === ""))
    problems.push(issue(field, "missing_trigger_data", `trigger ${node.nodeId} (${type}) needs ${needs}`));
}

function conditionProblems(node: DefinitionNode, field: string, nodes: DefinitionNode[], problems: FieldIssue[]) {
  const condition = conditionOf(node);
  if (condition.kind === "unknown") {
    problems.push(
      issue(
        field,
        condition.field ? "invalid_condition" : "missing_field",
        condition.field
          ? `condition ${node.nodeId} has conditionField ${condition.field}; use email_opened, email_clicked, email_replied or expression`
          : `condition ${node.nodeId} has no conditionField`,
      ),
    );
    return;
  }
  if (condition.kind === "expression") {
    try {
      compileCriteria(condition.expression);
    } catch (error) {
      if (!(error instanceof CriteriaError)) throw error;
      problems.push(issue(field, "invalid_expression", `condition ${node.nodeId}: ${error.message} (at character ${error.position})`));
    }
    return;
  }
  const target = condition.emailNodeId;
  if (target && nodes.find((n) => n.nodeId === target)?.type !== "email")
    problems.push(issue(field, "unknown_email_node", `condition ${node.nodeId} names emailNodeId ${target}, which is not an email node`));
  const { timeout, timeoutUnit } = node.data;
  if (timeout !== undefined) {
    const unit = typeof timeoutUnit === "string" ? UNIT_MS[timeoutUnit] : UNIT_MS.days;
    if (typeof timeout !== "number" || !(timeout > 0) || !unit || timeout * unit > MAX_CONDITION_DAYS * UNIT_MS.days!)
      problems.push(
        issue(
          field,
          "invalid_timeout",
          `condition ${node.nodeId} needs a timeout of at most ${MAX_CONDITION_DAYS} days (timeout, timeoutUnit)`,
        ),
      );
  }
}

function actionProblems(node: DefinitionNode, field: string, nodes: DefinitionNode[], problems: FieldIssue[]) {
  const type = node.data.actionType;
  if (typeof type !== "string" || !(ACTION_TYPES as readonly string[]).includes(type)) {
    problems.push(issue(field, "invalid_action", `action ${node.nodeId} has actionType ${String(type)}; use ${ACTION_TYPES.join(", ")}`));
    return;
  }
  const needs = {
    change_status: "status",
    add_tag: "tag",
    remove_tag: "tag",
    set_field: "field",
    send_webhook: "event",
    enroll: "sequenceId",
  }[type as string];
  if (needs && (typeof node.data[needs] !== "string" || node.data[needs] === ""))
    problems.push(issue(field, "missing_action_data", `action ${node.nodeId} (${type}) needs ${needs}`));
  if (type === "set_field" && !("value" in node.data))
    problems.push(issue(field, "missing_action_data", `action ${node.nodeId} (set_field) needs value`));
  if (type === "notify_owner") {
    if (!notifySenderOf(node, nodes))
      problems.push(
        issue(field, "missing_sender", `action ${node.nodeId} (notify_owner) needs senderId, or an email node with a senderId`),
      );
    if (node.data.to !== undefined && !isEmailAddress(node.data.to))
      problems.push(
        issue(field, "invalid_action", `action ${node.nodeId} (notify_owner) has to ${String(node.data.to)}; use an email address`),
      );
  }
}

/** The most Workflow steps any path from the trigger can take, against the instance's limit. */
function limitProblems(
  triggerId: string,
  byId: Map<string, DefinitionNode>,
  outgoing: Map<string, DefinitionEdge[]>,
  problems: FieldIssue[],
) {
  const most = new Map<string, number>();
  const stepsFrom = (id: string): number => {
    const known = most.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const own = node ? (NODE_STEPS[node.type] ?? 1) : 0;
    const after = Math.max(0, ...(outgoing.get(id) ?? []).filter((e) => byId.has(e.target)).map((e) => stepsFrom(e.target)));
    most.set(id, own + after);
    return own + after;
  };
  const steps = stepsFrom(triggerId);
  if (steps > MAX_PATH_STEPS)
    problems.push(
      issue(
        "nodes",
        "too_many_steps",
        `the longest path could take ${steps} Workflow steps; an enrollment may take at most ${MAX_PATH_STEPS} (of the platform's 1,024)`,
      ),
    );
}

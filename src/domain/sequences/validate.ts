import type { DefinitionEdge, DefinitionNode } from "../../db/json/sequences";
import type { FieldIssue } from "../../platform/errors";

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };
/** The longest a single wait may be. */
export const MAX_WAIT_DAYS = 90;

const issue = (field: string, code: string, message: string): FieldIssue => ({ field, code, message });

/**
 * Every problem of a sequence graph, each naming its node or edge: one trigger; unique node and edge ids;
 * edges between existing nodes; every node reachable from the trigger; no cycles; a condition has
 * one "yes" and one "no" branch (`sourceHandle`), other nodes at most one next step; waits of
 * 1 minute to 90 days; emails with a subject (`subjectLine`) and a body.
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
      if (typeof node.data.conditionField !== "string" || node.data.conditionField === "")
        problems.push(issue(field, "missing_field", `condition ${node.nodeId} has no conditionField`));
    } else if (out.length > 1) {
      problems.push(
        issue(field, "several_next_steps", `${node.type} ${node.nodeId} has ${out.length} outgoing edges; only a condition branches`),
      );
    }
    if (node.type === "trigger" && edges.some((e) => e.target === node.nodeId))
      problems.push(issue(field, "trigger_has_input", `trigger ${node.nodeId} has an incoming edge`));
    if (node.type === "email") {
      const subject = node.data.subjectLine ?? node.data.subject;
      if (typeof subject !== "string" || subject.trim() === "")
        problems.push(issue(field, "missing_subject", `email ${node.nodeId} has no subjectLine`));
      if (typeof node.data.body !== "string" || node.data.body.trim() === "")
        problems.push(issue(field, "missing_body", `email ${node.nodeId} has no body`));
    }
    if (node.type === "wait") {
      const { duration, durationUnit } = node.data;
      const unit = typeof durationUnit === "string" ? UNIT_MS[durationUnit] : undefined;
      if (typeof duration !== "number" || !(duration > 0))
        problems.push(issue(field, "invalid_wait", `wait ${node.nodeId} needs a positive duration`));
      else if (!unit)
        problems.push(
          issue(field, "invalid_wait", `wait ${node.nodeId} has durationUnit ${String(durationUnit)}; use minutes, hours, days or weeks`),
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
  }
  return problems;
}

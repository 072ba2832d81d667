// A model's answer is checked with the rules of the endpoint it is meant for, so that what the
// generators answer can be sent on as it is: a sequence to POST /v1/workflows, statuses and stages
// to POST /v1/config/statuses, a landing page to POST /v1/landing-pages. What breaks a rule is
// repaired where the repair cannot change what the answer means (a duplicate dropped, a default
// chosen); otherwise the caller answers from its template. Both say why in the provenance.

import type { DefinitionEdge, DefinitionNode } from "../../db/json/sequences";
import type { FieldIssue } from "../../platform/errors";
import type { ModelAnswer, Provenance } from "../../platform/language-model";
import { FONT_NAME } from "../landing-pages/page-style";
import { graphProblems } from "../sequences/validate";
import { type EntityType, type StatusInput, statusSetProblems } from "../statuses/statuses";

export type Checked<T> = { ok: true; value: T; repaired: string[] } | { ok: false; problem: string };

/** Who wrote a generator's answer; a model's answer that was repaired lists what was changed. */
export type GenerationProvenance = Provenance | { source: "model"; model: string; repaired: string[] };

/**
 * The model's answer when it passes `check` (repaired where it had to be), else null with the
 * template's provenance saying why: the model's own failure, or the rule its answer broke.
 */
export function checkedAnswer<T, V>(
  answer: ModelAnswer<T>,
  check: (value: T) => Checked<V>,
): { value: V; provenance: GenerationProvenance } | { value: null; provenance: GenerationProvenance } {
  if (!answer.ok) return { value: null, provenance: answer.provenance };
  const checked = check(answer.value);
  if (!checked.ok) return { value: null, provenance: { source: "template", reason: checked.problem } };
  const provenance = checked.repaired.length ? { ...answer.provenance, repaired: checked.repaired } : answer.provenance;
  return { value: checked.value, provenance };
}

const first = (problems: FieldIssue[]) => `${problems[0]!.field}: ${problems[0]!.message}`;

// What a generated sequence cannot know and its user fills in before activating: the sender of an
// email or a notify_owner is an id of this tenant's (a draft saves without one, and activation asks for it).
// A merge field that does not merge (`{{first_name}}`) is not among them: it would send "Hi ,".
const FILLED_IN_LATER = new Set(["missing_sender"]);
const sequenceProblems = (nodes: DefinitionNode[], edges: DefinitionEdge[]) =>
  graphProblems(nodes, edges).filter((p) => !FILLED_IN_LATER.has(p.code));

/**
 * A generated sequence checked with POST /v1/workflows' validator, but for the sender. Repairs: edges to nodes that do
 * not exist, repeated edge ids and nodes the trigger cannot reach are dropped.
 */
export function checkSequence<T extends { nodes: DefinitionNode[]; edges: DefinitionEdge[] }>(sequence: T): Checked<T> {
  if (sequenceProblems(sequence.nodes, sequence.edges).length === 0) return { ok: true, value: sequence, repaired: [] };
  const repaired: string[] = [];
  const ids = new Set(sequence.nodes.map((n) => n.nodeId));
  const seenEdges = new Set<string>();
  let edges = sequence.edges.filter((e) => {
    const keep = ids.has(e.source) && ids.has(e.target) && !seenEdges.has(e.edgeId);
    seenEdges.add(e.edgeId);
    if (!keep) repaired.push(`dropped edge ${e.edgeId}, which led to a missing node or repeated an id`);
    return keep;
  });
  const trigger = sequence.nodes.find((n) => n.type === "trigger");
  const reached = new Set<string>(trigger ? [trigger.nodeId] : []);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of edges)
      if (reached.has(e.source) && !reached.has(e.target)) {
        reached.add(e.target);
        grew = true;
      }
  }
  const nodes = trigger ? sequence.nodes.filter((n) => reached.has(n.nodeId)) : sequence.nodes;
  for (const n of sequence.nodes) if (!nodes.includes(n)) repaired.push(`dropped node ${n.nodeId}, which the trigger cannot reach`);
  edges = edges.filter((e) => reached.has(e.source) || !trigger);
  const left = sequenceProblems(nodes, edges);
  if (left.length > 0) return { ok: false, problem: `the model's sequence breaks POST /v1/workflows' rules (${first(left)})` };
  if (!nodes.some((n) => n.type === "email")) return { ok: false, problem: "the model's sequence has no email once repaired" };
  return { ok: true, value: { ...sequence, nodes, edges }, repaired };
}

/**
 * Generated statuses (or stages) checked with POST /v1/config/statuses' rules, and with exactly one
 * default. Repairs: a repeated code is dropped, the first of several defaults is kept (or the
 * first status made the default), a won stage is closed.
 */
export function checkStatusSet<T extends StatusInput & { isDefault: boolean }>(
  entityType: EntityType,
  statuses: T[],
  field: string,
): Checked<T[]> {
  const problems = statusSetProblems(entityType, statuses, field);
  const defaults = statuses.filter((s) => s.isDefault).length;
  if (problems.length === 0 && defaults === 1) return { ok: true, value: statuses, repaired: [] };
  const repaired: string[] = [];
  const codes = new Set<string>();
  let value = statuses.filter((s) => {
    if (codes.has(s.code)) repaired.push(`dropped the second status with code ${s.code}`);
    const keep = !codes.has(s.code);
    codes.add(s.code);
    return keep;
  });
  const chosen = Math.max(
    0,
    value.findIndex((s) => s.isDefault),
  );
  if (value.filter((s) => s.isDefault).length !== 1)
    repaired.push(`made ${value[chosen]?.code} the one default (the answer had ${value.filter((s) => s.isDefault).length})`);
  value = value.map((s, i) => ({ ...s, isDefault: i === chosen }));
  value = value.map((s) => {
    if (!(s.isWon && s.isClosed === false)) return s;
    repaired.push(`closed ${s.code}, a won stage`);
    return { ...s, isClosed: true };
  });
  const left = statusSetProblems(entityType, value, field);
  if (left.length > 0 || value.length < 2)
    return {
      ok: false,
      problem: `the model's ${field} break POST /v1/config/statuses' rules (${left.length ? first(left) : "fewer than 2 left"})`,
    };
  return { ok: true, value, repaired };
}

/** A generated page checked with POST /v1/landing-pages' font rule. Repair: a font list is cut to its first family. */
export function checkPageFont<T extends { style: { fontFamily: string } }>(page: T): Checked<T> {
  const font = page.style.fontFamily;
  if (FONT_NAME.test(font)) return { ok: true, value: page, repaired: [] };
  const family = font
    .split(",")[0]!
    .trim()
    .replace(/^(["'])(.*)\1$/, "$2");
  if (!FONT_NAME.test(family))
    return { ok: false, problem: `the model's page breaks POST /v1/landing-pages' rules (style.fontFamily: ${font} is not a font's name)` };
  const value = { ...page, style: { ...page.style, fontFamily: family } };
  return { ok: true, value, repaired: [`took ${family}, the first family of the font list ${font}`] };
}

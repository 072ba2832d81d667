import type { ASTNode } from "@marcbachmann/cel-js";
import { CriteriaError } from "./criteria-error";

/** What a rule can read: the lead, its email and phone checks, and its quality score. */
export interface CriteriaActivation {
  lead: Record<string, unknown>;
  email: { valid: boolean; is_disposable: boolean; is_role: boolean; is_free: boolean; domain: string } | null;
  phone: { valid: boolean; type: string; country: string | null; e164: string } | null;
  quality_score: number;
}

// What a rule reads: the field paths under lead, email and phone, checked when the rule is compiled
// and looked up when a failed rule is explained.

const ENHANCEMENT_FIELDS: Record<string, readonly string[]> = {
  email: ["valid", "is_disposable", "is_role", "is_free", "domain"],
  phone: ["valid", "type", "country", "e164"],
};
const VARIABLES = new Set(["lead", "email", "phone", "quality_score"]);
const COMPREHENSIONS = new Set(["all", "exists", "exists_one", "map", "filter"]);

/** A select chain rooted at an activation variable (`lead.address.city`, `lead["x y"]`). */
export interface FieldPath {
  root: string;
  keys: string[];
  /** Where each key is written, relative to the rule. */
  keyPositions: number[];
}

/** Collects the fields a rule reads and refuses unknown email/phone members, nested comprehensions and cel.bind. */
export function inspectRule(node: ASTNode, shadowed: ReadonlySet<string>, inComprehension: boolean, paths: FieldPath[]): void {
  const path = fieldPath(node, shadowed);
  if (path) {
    const known = ENHANCEMENT_FIELDS[path.root];
    const member = path.keys[0];
    if (known && member !== undefined && !known.includes(member)) {
      throw new CriteriaError(`${path.root} has no field ${member}; its fields are ${known.join(", ")}`, path.keyPositions[0] ?? node.pos);
    }
    paths.push(path);
    return;
  }
  if (node.op === "rcall") {
    const [name, receiver, args] = node.args;
    if (name === "bind" && receiver.op === "id" && receiver.args === "cel")
      throw new CriteriaError("cel.bind is not allowed in criteria", node.pos);
    const iterator = args[0];
    if (COMPREHENSIONS.has(name) && iterator?.op === "id") {
      if (inComprehension) throw new CriteriaError(`${name}() cannot be used inside another all/exists/exists_one/map/filter`, node.pos);
      inspectRule(receiver, shadowed, true, paths);
      const inner = new Set(shadowed).add(iterator.args);
      for (const arg of args.slice(1)) inspectRule(arg, inner, true, paths);
      return;
    }
  }
  for (const child of children(node)) inspectRule(child, shadowed, inComprehension, paths);
}

function fieldPath(node: ASTNode, shadowed: ReadonlySet<string>): FieldPath | null {
  switch (node.op) {
    case "id":
      return VARIABLES.has(node.args) && !shadowed.has(node.args) ? { root: node.args, keys: [], keyPositions: [] } : null;
    case ".": {
      const base = fieldPath(node.args[0], shadowed);
      return base && { ...base, keys: [...base.keys, node.args[1]], keyPositions: [...base.keyPositions, node.pos] };
    }
    case "[]": {
      const [object, key] = node.args;
      if (key.op !== "value" || typeof key.args !== "string") return null;
      const base = fieldPath(object, shadowed);
      return base && { ...base, keys: [...base.keys, key.args], keyPositions: [...base.keyPositions, key.pos] };
    }
    default:
      return null;
  }
}

function children(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case "value":
    case "id":
      return [];
    case ".":
    case ".?":
      return [node.args[0]];
    case "call":
      return node.args[1];
    case "rcall":
      return [node.args[1], ...node.args[2]];
    case "map":
      return node.args.flat();
    case "!_":
    case "-_":
      return [node.args];
    default:
      return node.args;
  }
}

/** The value at a path, or (missing) the shortest prefix of it that is absent or null. */
export function lookUp(path: FieldPath, activation: CriteriaActivation): { name: string; value: unknown; missing: boolean } {
  let value: unknown = activation[path.root as keyof CriteriaActivation];
  for (let depth = 0; ; depth++) {
    if (value === null || value === undefined) return { name: pathName(path, depth), value, missing: true };
    const key = path.keys[depth];
    if (key === undefined) return { name: pathName(path, depth), value, missing: false };
    value =
      typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
}

export function pathName(path: FieldPath, depth: number): string {
  return (
    path.root +
    path.keys
      .slice(0, depth)
      .map((key) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
      .join("")
  );
}

/** Whether `name` is a proper prefix path of `other` (`email` of `email.domain`). */
export function isWithin(name: string, other: string): boolean {
  return other.length > name.length && other.startsWith(name) && ".[".includes(other.charAt(name.length));
}

import { Environment, type ParseResult } from "@marcbachmann/cel-js";
import { CriteriaError } from "./criteria-error";
import { type CriteriaActivation, type FieldPath, inspectRule, isWithin, lookUp } from "./criteria-paths";
import { splitConjuncts } from "./criteria-split";

export { CriteriaError };

/**
 * Acceptance criteria: a CEL boolean expression over `lead`, `email`, `phone` and `quality_score`,
 * cut into its top-level `&&` rules so a lead's trace can say which rule refused it and why.
 *
 * Numbers: lead values are JSON numbers, which CEL (like its JSON mapping) treats as doubles, while
 * literals such as `21` are ints. Comparisons across int and double are defined by CEL and cel-js
 * (`lead.age >= 21` works), so the activation is passed through unconverted; arithmetic needs matching
 * types (`lead.income / 12.0`). Converting whole numbers to ints instead would make `lead.income * 1.1`
 * pass or fail depending on whether a lead's income happens to be whole.
 *
 * Bounded: CEL has no loops or recursion, the source is at most 4,000 characters, and the only
 * iteration is the comprehension macros over lists in the lead. A comprehension may not sit inside
 * another one (in its list or its body) and `cel.bind` is refused: both let one expression multiply
 * a value's size or the iteration count per level of nesting. What is left costs at most about
 * expression size × list length × value size. `matches()` runs a JavaScript (backtracking) RegExp whose
 * pattern the flow's owner wrote; the Workers CPU limit ends a request that a hostile pattern stalls.
 */

const MAX_LENGTH = 4000;
const MAX_RULES = 50;

// Undeclared names are refused (unlistedVariablesAreDyn is off), which is how `leed.age` is caught.
// email and phone are dyn rather than typed objects because they are null when the lead had no email
// or phone, and cel-js refuses null for a typed variable; their members are checked by inspectRule.
const env = new Environment()
  .registerVariable("lead", "map")
  .registerVariable("email", "dyn")
  .registerVariable("phone", "dyn")
  .registerVariable("quality_score", "double");

export interface CompiledCriteria {
  source: string;
  /** The top-level `&&` conjuncts, in order, each with its offset in `source`. */
  rules: { source: string; position: number }[];
}

export interface RuleOutcome {
  /** The conjunct's source text, trimmed. */
  rule: string;
  passed: boolean;
  /** null when passed; else a sentence a salesperson understands. */
  reason: string | null;
}

interface RuleProgram {
  run: ParseResult;
  /** Fields the rule reads, in source order, to describe a failure. */
  paths: FieldPath[];
}

// Programs made at compile time, so a criteria object the caller keeps is parsed once per isolate.
const prepared = new WeakMap<CompiledCriteria, RuleProgram[]>();

/**
 * Parses and checks a criteria expression when a flow saves it. Throws CriteriaError naming the position
 * for: syntax and type errors; names other than lead, email, phone, quality_score; unknown members of
 * email.* or phone.* (lead.* is free: custom fields); a rule that is not true/false; a nested comprehension
 * or cel.bind; over 4,000 characters or 50 rules; an empty string (callers use null for "no criteria").
 */
export function compileCriteria(source: string): CompiledCriteria {
  if (source.length > MAX_LENGTH)
    throw new CriteriaError(`criteria are ${source.length} characters long; at most ${MAX_LENGTH} are allowed`, MAX_LENGTH);
  if (source.trim() === "") throw new CriteriaError("criteria are empty; use null for no criteria", 0);
  // Syntax first: the split below relies on a source cel-js has parsed. Types are checked per rule,
  // so an error's position points into the rule that has it.
  try {
    env.parse(source);
  } catch (error) {
    throw celProblem(error, 0);
  }
  const rules = splitConjuncts(source).map((span) => ({ source: source.slice(span.start, span.end), position: span.start }));
  const extra = rules[MAX_RULES];
  if (extra) throw new CriteriaError(`criteria have ${rules.length} rules joined by &&; at most ${MAX_RULES} are allowed`, extra.position);

  const programs = rules.map((rule) => {
    try {
      return checkedRule(rule.source);
    } catch (error) {
      throw error instanceof CriteriaError
        ? new CriteriaError(error.message, error.position + rule.position)
        : celProblem(error, rule.position);
    }
  });
  const compiled = { source, rules };
  prepared.set(compiled, programs);
  return compiled;
}

/** Evaluates every rule (not short-circuited, so a dry run shows all of them); a rule that errors fails, it never throws. */
export function evaluateCriteria(compiled: CompiledCriteria, activation: CriteriaActivation): { passed: boolean; rules: RuleOutcome[] } {
  const programs = prepared.get(compiled);
  const rules = compiled.rules.map((rule, i) => evaluateRule(rule.source.trim(), programs?.[i], activation));
  return { passed: rules.every((rule) => rule.passed), rules };
}

function evaluateRule(rule: string, program: RuleProgram | undefined, activation: CriteriaActivation): RuleOutcome {
  let ready: RuleProgram;
  try {
    ready = program ?? prepareRule(rule);
  } catch (error) {
    return { rule, passed: false, reason: `rule ${rule} is not valid criteria: ${summary(error)}` };
  }
  let result: unknown;
  let failure: unknown = null;
  try {
    result = ready.run(activation);
  } catch (error) {
    failure = error;
  }
  if (result === true) return { rule, passed: true, reason: null };

  const facts = ready.paths.map((path) => lookUp(path, activation));
  // A missing field is what makes `lead.age >= 21` error; saying so beats CEL's wording.
  const missing = facts.find((fact) => fact.missing);
  if (failure !== null && missing) return { rule, passed: false, reason: `${missing.name} is missing` };

  const values = facts
    .filter(
      (fact, i) => facts.findIndex((other) => other.name === fact.name) === i && !facts.some((other) => isWithin(fact.name, other.name)),
    )
    .slice(0, 3)
    .map((fact) => `${fact.name} is ${fact.missing ? "missing" : describe(fact.value)}, `)
    .join("");
  if (failure !== null) return { rule, passed: false, reason: `${values}rule ${rule} could not be evaluated (${summary(failure)})` };
  if (result === false) return { rule, passed: false, reason: `${values}rule ${rule} is false` };
  return { rule, passed: false, reason: `${values}rule ${rule} gave ${describe(result)}, not true or false` };
}

/** A rule's program, refused unless it type-checks to a boolean; positions are relative to the rule. */
function checkedRule(rule: string): RuleProgram {
  const program = prepareRule(rule);
  const check = program.run.check();
  if (!check.valid) throw celProblem(check.error, 0);
  if (check.type !== "bool" && check.type !== "dyn") throw new CriteriaError(`rule ${rule} gives a ${check.type}, not true or false`, 0);
  return program;
}

function prepareRule(rule: string): RuleProgram {
  const run = env.parse(rule);
  const paths: FieldPath[] = [];
  inspectRule(run.ast, new Set(), false, paths);
  return { run, paths };
}

function describe(value: unknown): string {
  const text = typeof value === "bigint" ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function summary(error: unknown): string {
  if (error instanceof Error) return "summary" in error && typeof error.summary === "string" ? error.summary : error.message;
  return String(error);
}

/** A cel-js parse or type error as a CriteriaError; its range is relative to the text cel-js was given. */
function celProblem(error: unknown, offset: number): CriteriaError {
  const range = error instanceof Error && "range" in error ? (error.range as { start: number } | undefined) : undefined;
  const code = error instanceof Error && "code" in error ? error.code : null;
  const reason = code === "unknown_variable" ? `${summary(error)}; criteria can use lead, email, phone and quality_score` : summary(error);
  return new CriteriaError(reason, offset + (range?.start ?? 0));
}

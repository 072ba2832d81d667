import type { Flow } from "../../db/schema";
import { type CompiledCriteria, compileCriteria, evaluateCriteria } from "../flows/criteria";
import type { Enhancements } from "./enhance";
import { ruleValue, type StandardFields } from "./lead-fields";
import { LEADCONDUIT_ALIASES } from "./leadconduit-fields";
import type { QualityMetrics } from "./quality";

export type CheckKind = "acceptance_criteria" | "required_valid" | "quality_threshold" | "duplicate" | "volume_cap";

/** One line of a lead's decision trace: which rule, whether it passed, and why not. */
export interface RuleCheck {
  check: CheckKind;
  rule: string;
  passed: boolean;
  reason: string | null;
}

/** The stable reason a rejected lead carries, by the kind of check that refused it. */
export const REJECTION_REASON: Record<CheckKind, string> = {
  acceptance_criteria: "acceptance_criteria_failed",
  required_valid: "enhancement_failed",
  quality_threshold: "quality_below_threshold",
  duplicate: "duplicate_detected",
  volume_cap: "volume_cap_exceeded",
};

// Criteria are compiled when a flow is saved; this keeps the compiled form per isolate.
const compiled = new Map<string, CompiledCriteria>();
function compiledCriteria(source: string): CompiledCriteria {
  let entry = compiled.get(source);
  if (!entry) {
    if (compiled.size > 500) compiled.clear();
    entry = compileCriteria(source);
    compiled.set(source, entry);
  }
  return entry;
}

/** The flow's acceptance criteria: the source step's and the flow settings' (both must hold). */
export function criteriaSources(flow: Flow): string[] {
  const fromSteps = flow.steps
    .filter((s) => s.type === "source" && typeof s.settings.acceptance_criteria === "string")
    .map((s) => s.settings.acceptance_criteria as string);
  return [...fromSteps, ...(flow.settings.acceptance_criteria ? [flow.settings.acceptance_criteria] : [])];
}

export interface RuleInput {
  fields: StandardFields;
  custom: Record<string, unknown>;
  enhancements: Enhancements;
  quality: QualityMetrics;
}

/** Every rule that does not need the flow's shared state (duplicates and caps come from the gate). */
export function evaluateRules(flow: Flow, input: RuleInput): RuleCheck[] {
  const checks: RuleCheck[] = [];
  const { email_validation: email, phone_validation: phone } = input.enhancements;

  for (const step of flow.steps) {
    if (step.type !== "enhancement" || step.settings.require_valid !== true) continue;
    const subject = step.service === "phone_validator" ? "phone" : "email";
    const validation = subject === "phone" ? phone : email;
    const valid = validation !== undefined && validation.status !== "invalid";
    checks.push({
      check: "required_valid",
      rule: `${step.name}: valid ${subject} required`,
      passed: valid,
      reason: valid ? null : validation ? `${subject} failed validation` : `${subject} is missing`,
    });
  }

  const lead: Record<string, unknown> = { ...input.fields };
  // Criteria written for LeadConduit (`lead.phone_1`, `lead.title`) read our fields by those names.
  for (const [alias, field] of Object.entries(LEADCONDUIT_ALIASES)) {
    const value = (input.fields as Record<string, unknown>)[field];
    if (!alias.includes(".") && value !== undefined) lead[alias] = value;
  }
  for (const [name, value] of Object.entries(input.custom)) lead[name] = ruleValue(value);
  const activation = {
    lead,
    email: email
      ? {
          valid: email.status !== "invalid",
          is_disposable: email.is_disposable,
          is_role: email.is_role,
          is_free: email.is_free,
          domain: email.domain,
        }
      : null,
    phone: phone ? { valid: phone.status === "valid", type: phone.line_type, country: phone.country, e164: phone.e164 } : null,
    quality_score: input.quality.overall_score,
  };
  for (const source of criteriaSources(flow)) {
    for (const outcome of evaluateCriteria(compiledCriteria(source), activation).rules) {
      checks.push({ check: "acceptance_criteria", rule: outcome.rule, passed: outcome.passed, reason: outcome.reason });
    }
  }

  const threshold = flow.settings.quality_threshold;
  if (threshold != null) {
    const passed = input.quality.overall_score >= threshold;
    checks.push({
      check: "quality_threshold",
      rule: `quality_score >= ${threshold}`,
      passed,
      reason: passed ? null : `quality score ${input.quality.overall_score} is below ${threshold}`,
    });
  }
  return checks;
}

import { ApiError, type FieldIssue } from "../../platform/errors";
import { freeMailListOf } from "../enhancement/email-lists";
import { splitLead } from "../intake/lead-fields";
import { validateLead } from "../intake/validate";

// Only an address's form decides here; whether it is disposable is enhancement's question, so the
// disposable table is not loaded for it.
const FORM_ONLY = { disposable: null, freeMail: freeMailListOf };

/** A lead as analyze reads it: custom fields flattened in, the request's own fields over them. */
export function attributes(raw: Record<string, unknown>): Record<string, unknown> {
  const { custom_fields, ...rest } = raw;
  return { ...(custom_fields && typeof custom_fields === "object" ? (custom_fields as Record<string, unknown>) : {}), ...rest };
}

/**
 * What in a lead is not of its kind: an address that is none, a word where a number belongs, a
 * date that is none. A phone that is no number is left to matching, which never merges on it: the
 * seed's own `+1234567890` is such a number and must pass as written.
 */
export function leadIssues(raw: Record<string, unknown>): FieldIssue[] {
  const { issues } = validateLead(splitLead(attributes(raw)), [], "US", FORM_ONLY);
  return issues.filter((issue) => issue.field !== "phone");
}

/** Where in the request a refused lead is: nothing for a single lead, else its index. */
const inLead = (input: unknown[], i: number) => (input.length === 1 ? "" : ` (leads[${i}])`);

/** Refuses the request at its first lead without an email, the seed's error. */
export function requireEmails(input: Record<string, unknown>[]) {
  const i = input.findIndex((raw) => typeof raw.email !== "string" || raw.email.trim() === "");
  if (i < 0) return;
  const message = `Missing required field: email${inLead(input, i)}`;
  throw new ApiError("invalid_request", message, [{ field: "email", code: "missing_required", message }]);
}

/** Refuses the request at its first lead that is not of its kind, naming the field and the lead. */
export function requireValidLeads(input: Record<string, unknown>[]) {
  for (const [i, raw] of input.entries()) {
    const issues = leadIssues(raw);
    if (issues.length > 0) throw new ApiError("invalid_request", `${issues[0]!.message}${inLead(input, i)}`, issues);
  }
}

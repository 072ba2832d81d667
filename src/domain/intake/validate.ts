import type { FieldIssue } from "../../platform/errors";
import { checkEmail, type EmailCheck } from "../enhancement/email";
import type { EmailLists } from "../enhancement/email-lists";
import { checkPhone, type PhoneCheck } from "../enhancement/phone";
import type { SplitLead } from "./lead-fields";

export interface ValidatedLead {
  issues: FieldIssue[];
  email: EmailCheck | null;
  phone: PhoneCheck | null;
}

const isBlank = (value: unknown) => value === undefined || value === null || value === "";

function present(lead: SplitLead, envelope: Record<string, unknown>, field: string): boolean {
  return (lead.standard as Record<string, unknown>)[field] !== undefined || lead.custom[field] !== undefined || !isBlank(envelope[field]);
}

/**
 * Checks that what a lead says is of the right kind: required fields present, an email that is an
 * address, a phone that is a number. A well-formed value that fails a deeper check (an unassigned
 * number) passes here and is marked by enhancement instead. `envelope` holds what came beside the
 * lead's attributes (`external_id`, `trusted_form_cert_url`, `consent`), so a flow may require those too.
 */
export function validateLead(
  lead: SplitLead,
  requiredFields: readonly string[],
  defaultCountry: string,
  lists: EmailLists,
  envelope: Record<string, unknown> = {},
): ValidatedLead {
  const issues: FieldIssue[] = lead.typeErrors.map(({ field, expected }) => ({
    field,
    code: "invalid_type",
    message: `${field} must be ${expected}`,
  }));
  const { email: rawEmail, phone: rawPhone, last_interaction: lastInteraction } = lead.standard;

  const email = rawEmail ? checkEmail(rawEmail, lists) : null;
  if (rawEmail && !email) issues.push({ field: "email", code: "invalid_format", message: "Email format is invalid" });
  const phone = rawPhone ? checkPhone(rawPhone, defaultCountry) : null;
  if (rawPhone && !phone) issues.push({ field: "phone", code: "invalid_format", message: "Phone number is invalid" });
  if (lastInteraction && Number.isNaN(Date.parse(lastInteraction))) {
    issues.push({ field: "last_interaction", code: "invalid_format", message: "last_interaction must be an ISO 8601 date" });
  }
  for (const field of requiredFields) {
    if (!present(lead, envelope, field)) issues.push({ field, code: "missing_required", message: `${field} is required` });
  }
  return { issues, email, phone };
}

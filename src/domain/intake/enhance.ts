import type { FlowStep } from "../../db/json/flows";
import type { Ctx } from "../context";
import type { EmailCheck } from "../enhancement/email";
import type { PhoneCheck } from "../enhancement/phone";
import { tidyName, tidyPostalCode } from "../enhancement/tidy";
import type { StandardFields } from "./lead-fields";
import { type CarrierResult, checkMailDomain, lookupCarrier, type MailboxResult, type ProviderOutcome, verifyMailbox } from "./providers";

export interface EmailValidation {
  status: "valid" | "risky" | "invalid";
  /** Null when no check was asked for, or when the check could not be made. */
  deliverable: boolean | null;
  /** Why `deliverable` is what it is (the provider's reason, or the DNS check's); null when unchecked. */
  deliverable_reason: string | null;
  domain: string;
  is_disposable: boolean;
  is_role: boolean;
  is_free: boolean;
  suggestion: string | null;
  /** The list and version that decided is_disposable (null: its table was not loaded) and is_free. */
  sources: EmailCheck["sources"];
  quality_score: number;
  provider: ProviderOutcome<MailboxResult> | null;
}

export interface PhoneValidation {
  status: "valid" | "invalid";
  e164: string;
  country: string | null;
  line_type: string;
  carrier: string | null;
  provider: ProviderOutcome<CarrierResult> | null;
}

export interface Enhancements {
  email_validation?: EmailValidation;
  phone_validation?: PhoneValidation;
  postal_code?: { value: string; valid: boolean };
  name_normalization?: { changed: string[] };
}

/**
 * The checks whose finding is a failure (an undeliverable mailbox, an unassigned phone number, a
 * postal code that is not one for its country), by the names the `enhanced` event lists them under.
 * A failed check does not reject the lead by itself; the flow's rules decide that.
 */
export function failedChecks(enhancements: Enhancements): string[] {
  const failed: string[] = [];
  if (enhancements.email_validation?.status === "invalid") failed.push("email_validation");
  if (enhancements.phone_validation?.status === "invalid") failed.push("phone_format");
  if (enhancements.postal_code?.valid === false) failed.push("postal_code");
  return failed;
}

function stepSetting(steps: FlowStep[], service: string, setting: string): boolean {
  return steps.some((s) => s.type === "enhancement" && s.service === service && s.settings[setting] === true);
}

function emailValidation(check: EmailCheck, provider: ProviderOutcome<MailboxResult> | null): EmailValidation {
  const deliverable = provider?.result?.deliverable ?? null;
  const deliverable_reason = provider ? (provider.result?.reason ?? provider.error) : null;
  const status = deliverable === false ? "invalid" : check.is_disposable || check.is_role ? "risky" : "valid";
  const quality_score =
    deliverable === false ? 0 : check.is_disposable ? 0.2 : check.is_role ? 0.6 : check.suggestion ? 0.5 : check.is_free ? 0.85 : 0.95;
  const { domain, is_disposable, is_role, is_free, suggestion, sources } = check;
  return { status, deliverable, deliverable_reason, domain, is_disposable, is_role, is_free, suggestion, sources, quality_score, provider };
}

/**
 * Normalises a validated lead and records what each check found: email (syntax, disposable, role,
 * free-mail, typo, and when the flow asks a mailbox check: the provider's, else the domain's MX), phone
 * (E.164, assigned range, line type, carrier lookup likewise), names and postal code.
 */
export async function enhanceLead(
  ctx: Ctx,
  standard: StandardFields,
  email: EmailCheck | null,
  phone: PhoneCheck | null,
  steps: FlowStep[],
  defaultCountry: string,
) {
  const fields: StandardFields = { ...standard };
  const enhancements: Enhancements = {};
  const applied: string[] = [];

  const [mailbox, carrier] = await Promise.all([
    // The configured mailbox provider wins; without one, the domain's mail exchangers decide.
    email && stepSetting(steps, "email_validator", "check_deliverability")
      ? (verifyMailbox(ctx, email.address) ?? checkMailDomain(ctx, email.domain))
      : null,
    phone && stepSetting(steps, "phone_validator", "lookup_carrier") ? lookupCarrier(ctx, phone.e164) : null,
  ]);

  if (email) {
    fields.email = email.address;
    enhancements.email_validation = emailValidation(email, mailbox);
    applied.push("email_validation");
  }
  if (phone) {
    fields.phone = phone.e164;
    enhancements.phone_validation = {
      status: phone.valid ? "valid" : "invalid",
      e164: phone.e164,
      country: phone.country,
      line_type: carrier?.result?.line_type ?? phone.line_type,
      carrier: carrier?.result?.carrier ?? null,
      provider: carrier,
    };
    applied.push("phone_format");
  }
  const changed: string[] = [];
  for (const field of ["first_name", "last_name", "name", "city"] as const) {
    const value = fields[field];
    if (value === undefined) continue;
    const tidy = tidyName(value);
    if (tidy !== value) changed.push(field);
    fields[field] = tidy;
  }
  if (changed.length > 0 || fields.first_name || fields.last_name || fields.name) {
    enhancements.name_normalization = { changed };
    applied.push("name_normalization");
  }
  if (fields.postal_code) {
    const country =
      fields.country && /^[A-Za-z]{2}$/.test(fields.country) ? fields.country.toUpperCase() : (phone?.country ?? defaultCountry);
    const postal = tidyPostalCode(fields.postal_code, country);
    fields.postal_code = postal.value;
    enhancements.postal_code = postal;
    applied.push("postal_code");
  }
  if (!fields.name && (fields.first_name || fields.last_name))
    fields.name = [fields.first_name, fields.last_name].filter(Boolean).join(" ");
  return { fields, enhancements, applied };
}

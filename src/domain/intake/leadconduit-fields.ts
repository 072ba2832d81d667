import type { FieldIssue } from "../../platform/errors";
import { checkPhone } from "../enhancement/phone";
import type { TextField } from "./lead-fields";

// LeadConduit's published field vocabulary (the `leadconduit-fields` package: contact, company,
// personal and employment fields), so a source migrating from LeadConduit keeps its payloads.
// Where LeadConduit's id differs from ours, both are accepted (first_name, email, city, state,
// postal_code, country, website and industry are spelled the same in both).

/** LeadConduit field ids that name one of our standard fields (or the TrustedForm certificate). */
export const LEADCONDUIT_ALIASES: Readonly<Record<string, TextField | "trusted_form_cert_url">> = {
  phone_1: "phone",
  address_1: "address",
  title: "position",
  "company.name": "company",
  "company.industry": "industry",
  trustedform_cert_url: "trusted_form_cert_url",
};

/** LeadConduit fields with no column of ours: kept as custom fields, but typed as LeadConduit types them. */
const TYPED_CUSTOM: Readonly<Record<string, "phone" | "date" | "text">> = {
  phone_2: "phone",
  phone_3: "phone",
  dob: "date",
  "spouse.dob": "date",
  address_2: "text",
  comments: "text",
  county: "text",
  time_to_contact: "text",
};

/** Our field -> the path the caller named it by: `["phone_1"]`, `["company.name"]`, or `["company", "name"]` (nested). */
export type FieldNames = Record<string, string[]>;

const isBlank = (value: unknown) => value === null || value === undefined || (typeof value === "string" && value.trim() === "");
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Two spellings of one value ("+1 650 253 0000", "+16502530000") compare equal. */
const comparable = (value: unknown) =>
  String(value)
    .replace(/[^0-9a-z]/gi, "")
    .toLowerCase();

/**
 * The lead with LeadConduit's names turned into ours, and the names the caller used. A `company`
 * object (`{"company": {"name": "Acme", "city": "Austin"}}`) is LeadConduit's nested form: its
 * `name` is the company, its other keys custom fields named `company.<key>`. An alias sent beside
 * our own name with another value is a conflict, reported under the alias.
 */
export function resolveAliases(raw: Record<string, unknown>): {
  lead: Record<string, unknown>;
  fieldNames: FieldNames;
  issues: FieldIssue[];
} {
  const lead: Record<string, unknown> = { ...raw };
  const paths: Record<string, string[]> = {};
  if (isObject(lead.company)) {
    const nested = lead.company;
    delete lead.company;
    for (const [key, value] of Object.entries(nested)) {
      lead[`company.${key}`] = value;
      paths[`company.${key}`] = ["company", key];
    }
  }
  const fieldNames: FieldNames = {};
  const issues: FieldIssue[] = [];
  for (const [alias, field] of Object.entries(LEADCONDUIT_ALIASES)) {
    const value = lead[alias];
    if (!(alias in lead)) continue;
    delete lead[alias];
    if (isBlank(value)) continue;
    const name = (paths[alias] ?? [alias]).join(".");
    if (!isBlank(lead[field]) && comparable(lead[field]) !== comparable(value)) {
      const message = `${name} and ${field} name the same field with different values; send one`;
      issues.push({ field: name, code: "conflicting_field", message });
      continue;
    }
    if (isBlank(lead[field])) {
      lead[field] = value;
      fieldNames[field] = paths[alias] ?? [alias];
    }
  }
  return { lead, fieldNames, issues };
}

/** A required field given by its LeadConduit name is ours. */
export const canonicalField = (field: string): string => LEADCONDUIT_ALIASES[field] ?? field;

const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/;

/** A date of birth as YYYY-MM-DD, from YYYY-MM-DD (or an ISO time) or LeadConduit's US MM/DD/YYYY; null when it is no date. */
function isoDate(value: string): string | null {
  const mdy = MDY.exec(value);
  const ymd = YMD.exec(value);
  const [y, m, d] = mdy ? [mdy[3], mdy[1], mdy[2]] : ymd ? [ymd[1], ymd[2], ymd[3]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * LeadConduit's typed custom fields checked and normalised in place: phone_2 and phone_3 like
 * `phone` (E.164, in the flow's default country), dob as YYYY-MM-DD, text fields as text.
 */
export function normaliseTypedCustom(custom: Record<string, unknown>, defaultCountry: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [field, type] of Object.entries(TYPED_CUSTOM)) {
    const value = custom[field];
    if (isBlank(value)) continue;
    if (typeof value !== "string" && typeof value !== "number") {
      issues.push({ field, code: "invalid_type", message: `${field} must be text` });
      continue;
    }
    const text = String(value).trim();
    if (type === "phone") {
      const phone = checkPhone(text, defaultCountry);
      if (phone) custom[field] = phone.e164;
      else issues.push({ field, code: "invalid_format", message: "Phone number is invalid" });
    } else if (type === "date") {
      const date = isoDate(text);
      if (date) custom[field] = date;
      else issues.push({ field, code: "invalid_format", message: `${field} must be a date (YYYY-MM-DD or MM/DD/YYYY)` });
    } else {
      custom[field] = text;
    }
  }
  return issues;
}

/** A field's name as the caller sent it, for error details. */
export const sentName = (fieldNames: FieldNames, field: string): string => fieldNames[field]?.join(".") ?? field;

/** The lead's data in the caller's names: `phone` back as `phone_1`, a nested company back as an object. */
export function asSent(data: Record<string, unknown>, fieldNames: FieldNames | null): Record<string, unknown> {
  if (!fieldNames) return data;
  const out: Record<string, unknown> = { ...data };
  for (const [field, path] of Object.entries(fieldNames)) {
    if (!(field in out)) continue;
    const value = out[field];
    delete out[field];
    const [head, ...rest] = path as [string, ...string[]];
    if (rest.length === 0) out[head] = value;
    else out[head] = { ...(isObject(out[head]) ? out[head] : {}), [rest.join(".")]: value };
  }
  return out;
}

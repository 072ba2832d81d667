/**
 * The standard lead attributes, as the API names them. Anything else a client sends about a lead
 * is a custom field: kept, searchable and usable in rules and scoring.
 */
export const TEXT_FIELDS = [
  "first_name",
  "last_name",
  "name",
  "email",
  "phone",
  "company",
  "position",
  "industry",
  "website",
  "address",
  "city",
  "state",
  "postal_code",
  "country",
  "location",
  "company_size",
  "linkedin",
  "source",
  "campaign",
] as const;
export const NUMBER_FIELDS = ["employees", "revenue", "engagement_score"] as const;
export const TIME_FIELDS = ["last_interaction"] as const;

export type TextField = (typeof TEXT_FIELDS)[number];
export type NumberField = (typeof NUMBER_FIELDS)[number];

export type StandardFields = Partial<Record<TextField, string>> & Partial<Record<NumberField, number>> & { last_interaction?: string };

const TEXT = new Set<string>(TEXT_FIELDS);
const NUMBER = new Set<string>(NUMBER_FIELDS);
const TIME = new Set<string>(TIME_FIELDS);

/** Fields a lead object may carry that are not attributes of the person (handled elsewhere). */
const ENVELOPE = new Set(["custom_fields", "external_id", "trusted_form_cert_url", "consent"]);

export interface SplitLead {
  standard: StandardFields;
  custom: Record<string, unknown>;
  /** Fields whose value is of the wrong kind (an object where text belongs, a word where a number belongs). */
  typeErrors: { field: string; expected: string }[];
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** Separates standard from custom fields; custom ones come from the top level and from `custom_fields`. */
export function splitLead(raw: Record<string, unknown>): SplitLead {
  const standard: Record<string, string | number> = {};
  const custom: Record<string, unknown> = {};
  const typeErrors: SplitLead["typeErrors"] = [];
  const nested = raw.custom_fields;
  if (nested && typeof nested === "object" && !Array.isArray(nested)) Object.assign(custom, nested);

  for (const [field, value] of Object.entries(raw)) {
    if (ENVELOPE.has(field) || isBlank(value)) continue;
    if (TEXT.has(field) || TIME.has(field)) {
      if (typeof value === "string" || typeof value === "number") standard[field] = String(value).trim();
      else typeErrors.push({ field, expected: "text" });
    } else if (NUMBER.has(field)) {
      const number = typeof value === "number" ? value : typeof value === "string" ? Number(value.replace(/[,$\s]/g, "")) : Number.NaN;
      if (Number.isFinite(number)) standard[field] = number;
      else typeErrors.push({ field, expected: "a number" });
    } else {
      custom[field] = value;
    }
  }
  return { standard: standard as StandardFields, custom, typeErrors };
}

/** Numeric-looking custom text becomes a number, so rules such as `lead.age >= 21` work on form posts. */
export function ruleValue(value: unknown): unknown {
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return value;
}

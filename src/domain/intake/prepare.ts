import type { Flow } from "../../db/schema";
import type { FieldIssue } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { Ctx } from "../context";
import { emailLists } from "../enhancement/email-lists";
import { type Enhancements, enhanceLead } from "./enhance";
import { duplicateKeys } from "./gate";
import { type StandardFields, splitLead } from "./lead-fields";
import { canonicalField, type FieldNames, normaliseTypedCustom, resolveAliases, sentName } from "./leadconduit-fields";
import { type QualityMetrics, qualityMetrics } from "./quality";
import { evaluateRules, type RuleCheck } from "./rules";
import { validateLead } from "./validate";

/**
 * One lead as a client submits it: the seed's `{ lead, external_id?, trusted_form_cert_url? }`. The
 * envelope's values are checked here, with the lead's, so a bad one fails its own lead and not a batch.
 */
export interface SubmissionItem {
  lead: Record<string, unknown>;
  external_id?: unknown;
  trusted_form_cert_url?: unknown;
}

const MAX_EXTERNAL_ID = 200;
const MAX_CERTIFICATE_URL = 2048;

/** A lead checked, enhanced and judged by the flow's own rules, before duplicates and caps. */
export interface PreparedLead {
  leadId: string;
  externalId: string | undefined;
  testMode: boolean;
  issues: FieldIssue[];
  fields: StandardFields;
  /** Standard fields the caller sent under a LeadConduit name, answered back under it. */
  fieldNames: FieldNames;
  custom: Record<string, unknown>;
  enhancements: Enhancements;
  applied: string[];
  quality: QualityMetrics;
  checks: RuleCheck[];
  keys: string[];
  trustedFormCertUrl: string | null;
  consent: Record<string, unknown> | null;
}

/** TrustedForm certificates live on trustedform.com; anything else is not a certificate URL. */
function isTrustedFormUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && (url.hostname === "trustedform.com" || url.hostname.endsWith(".trustedform.com"));
  } catch {
    return false;
  }
}

/** What the lead is known by in the caller's system: text of at most 200 characters, or a number. */
function externalIdOf(value: unknown, issues: FieldIssue[]): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.length <= MAX_EXTERNAL_ID) return value;
  issues.push(
    typeof value === "string"
      ? { field: "external_id", code: "too_long", message: `external_id is at most ${MAX_EXTERNAL_ID} characters` }
      : { field: "external_id", code: "invalid_type", message: "external_id must be text or a number" },
  );
  return undefined;
}

/** A TrustedForm certificate URL, if one was sent and it is one. */
function certificateOf(value: unknown, field: string, issues: FieldIssue[]): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string" && value.length <= MAX_CERTIFICATE_URL && isTrustedFormUrl(value)) return value;
  issues.push({ field, code: "invalid_format", message: "trusted_form_cert_url must be an https URL on trustedform.com" });
  return undefined;
}

/** The source steps' required fields, in our names (a flow may name them as LeadConduit does). */
export function requiredFields(flow: Flow): string[] {
  return flow.steps.flatMap((s) =>
    s.type === "source" && Array.isArray(s.settings.required_fields)
      ? s.settings.required_fields.filter((f): f is string => typeof f === "string").map(canonicalField)
      : [],
  );
}

export async function prepareLead(ctx: Ctx, flow: Flow, item: SubmissionItem, testMode: boolean): Promise<PreparedLead> {
  const aliased = resolveAliases(item.lead);
  const split = splitLead(aliased.lead);
  const envelopeIssues: FieldIssue[] = [];
  const externalId = externalIdOf(item.external_id ?? item.lead.external_id, envelopeIssues);
  const certificate = certificateOf(
    item.trusted_form_cert_url ?? aliased.lead.trusted_form_cert_url,
    sentName(aliased.fieldNames, "trusted_form_cert_url"),
    envelopeIssues,
  );
  const consent =
    item.lead.consent && typeof item.lead.consent === "object" && !Array.isArray(item.lead.consent)
      ? (item.lead.consent as Record<string, unknown>)
      : null;

  // As sent, so a flow that requires a certificate says only that a bad one is bad.
  const envelope = {
    external_id: item.external_id ?? item.lead.external_id,
    trusted_form_cert_url: item.trusted_form_cert_url ?? aliased.lead.trusted_form_cert_url,
    consent: consent ?? undefined,
  };
  const validated = validateLead(split, requiredFields(flow), flow.settings.default_country, await emailLists(ctx.env), envelope);
  const { email, phone } = validated;
  const issues = [
    ...aliased.issues,
    ...validated.issues.map((issue) => ({ ...issue, field: sentName(aliased.fieldNames, issue.field) })),
    ...normaliseTypedCustom(split.custom, flow.settings.default_country),
    ...envelopeIssues,
  ];
  const { fields, enhancements, applied } = await enhanceLead(ctx, split.standard, email, phone, flow.steps, flow.settings.default_country);
  const quality = qualityMetrics(fields, enhancements, certificate !== undefined);
  const checks = issues.length > 0 ? [] : evaluateRules(flow, { fields, custom: split.custom, enhancements, quality });
  return {
    leadId: newId("lead", ctx.now.getTime()),
    externalId,
    testMode,
    issues,
    fields,
    fieldNames: aliased.fieldNames,
    custom: split.custom,
    enhancements,
    applied,
    quality,
    checks,
    keys: duplicateKeys(flow, fields, externalId),
    trustedFormCertUrl: certificate ?? null,
    consent,
  };
}

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

/** One lead as a client submits it: the seed's `{ lead, external_id?, trusted_form_cert_url? }`. */
export interface SubmissionItem {
  lead: Record<string, unknown>;
  external_id?: string;
  trusted_form_cert_url?: string;
}

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
  const externalIdValue = item.external_id ?? item.lead.external_id;
  const externalId = externalIdValue === undefined || externalIdValue === null ? undefined : String(externalIdValue);
  const certificate =
    item.trusted_form_cert_url ?? (typeof aliased.lead.trusted_form_cert_url === "string" ? aliased.lead.trusted_form_cert_url : undefined);
  const consent =
    item.lead.consent && typeof item.lead.consent === "object" && !Array.isArray(item.lead.consent)
      ? (item.lead.consent as Record<string, unknown>)
      : null;

  const envelope = { external_id: externalId, trusted_form_cert_url: certificate, consent: consent ?? undefined };
  const validated = validateLead(split, requiredFields(flow), flow.settings.default_country, await emailLists(ctx.env), envelope);
  const { email, phone } = validated;
  const issues = [
    ...aliased.issues,
    ...validated.issues.map((issue) => ({ ...issue, field: sentName(aliased.fieldNames, issue.field) })),
    ...normaliseTypedCustom(split.custom, flow.settings.default_country),
  ];
  if (certificate !== undefined && !isTrustedFormUrl(certificate)) {
    issues.push({
      field: sentName(aliased.fieldNames, "trusted_form_cert_url"),
      code: "invalid_format",
      message: "trusted_form_cert_url must be an https URL on trustedform.com",
    });
  }
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

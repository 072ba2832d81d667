import type { Enhancements } from "./enhance";
import type { StandardFields } from "./lead-fields";

export interface QualityMetrics {
  overall_score: number;
  /** Share of the contact attributes a buyer expects that the lead has. */
  completeness: number;
  /** How well the checks that ran went (email, phone, postal code). */
  accuracy: number;
  /** Signs of a fake or throwaway lead. */
  fraud_risk: number;
}

// Weights of the contact attributes in completeness; they add up to 1.
const COMPLETENESS: [keyof StandardFields | "full_name", number][] = [
  ["email", 0.25],
  ["phone", 0.25],
  ["full_name", 0.2],
  ["address", 0.05],
  ["city", 0.05],
  ["state", 0.05],
  ["postal_code", 0.05],
  ["source", 0.05],
  ["campaign", 0.05],
];

const round = (n: number) => Math.round(n * 100) / 100;

/** Quality of a lead from its fields and enhancement results: every figure computed, none fixed. */
export function qualityMetrics(fields: StandardFields, enhancements: Enhancements, hasConsentCertificate: boolean): QualityMetrics {
  const has = (field: string) =>
    field === "full_name"
      ? Boolean(fields.name || (fields.first_name && fields.last_name))
      : (fields as Record<string, unknown>)[field] !== undefined;
  const completeness = COMPLETENESS.reduce((sum, [field, weight]) => sum + (has(field) ? weight : 0), 0);

  const { email_validation: email, phone_validation: phone, postal_code: postal } = enhancements;
  const checks: number[] = [];
  if (email) checks.push(email.quality_score);
  if (phone) checks.push(phone.status === "valid" ? 1 : 0.3);
  if (postal) checks.push(postal.valid ? 1 : 0.5);
  const accuracy = checks.length > 0 ? checks.reduce((a, b) => a + b, 0) / checks.length : 0.5;

  let fraud = 0;
  if (email?.is_disposable) fraud += 0.4;
  if (email?.deliverable === false) fraud += 0.3;
  if (email?.suggestion) fraud += 0.1;
  if (email?.is_role) fraud += 0.1;
  if (phone && phone.status === "invalid") fraud += 0.25;
  if (!email && !phone) fraud += 0.2;
  if (hasConsentCertificate) fraud -= 0.05;
  const fraud_risk = round(Math.min(1, Math.max(0, fraud)));

  return {
    overall_score: round(0.4 * completeness + 0.4 * accuracy + 0.2 * (1 - fraud_risk)),
    completeness: round(completeness),
    accuracy: round(accuracy),
    fraud_risk,
  };
}

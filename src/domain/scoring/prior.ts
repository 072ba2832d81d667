import type { Factor } from "../../db/json/scoring";
import { freeMailListOf } from "../enhancement/email-lists";
import { normalCdf, type Prediction, sigmoid } from "./prediction";

/**
 * The prior model: what scores a tenant's leads until it has enough outcomes of its own to learn
 * from. Hand-set log-odds for what usually marks a B2B lead worth calling: fit (business email,
 * company size, revenue, seniority of the role, a phone to call) and engagement (engagement
 * score, how recent the last interaction was). Not calibrated to any tenant: every answer says so.
 */
export const PRIOR_MODEL = { id: "model_prior", version: 1, kind: "prior" as const, calibrated: false };

const INTERCEPT = -1.6;
// The score is the lead's percentile under the log-odds the prior gives a typical lead pool
// (assumed normal, mean -1.2, sd 1.1), so "hot" (score >= 90) is about the top decile.
const POPULATION = { mean: -1.2, sd: 1.1 };

const SENIOR = /\b(chief|c[etfom]o|founder|owner|president|vp|vice president|head|director|partner)\b/i;
const MIDDLE = /\b(manager|lead|principal|senior)\b/i;
const DAY_MS = 86_400_000;

function num(value: unknown): number | undefined {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && value.trim() !== ""
        ? Number(value.replace(/[,$\s]/g, ""))
        : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function priorFactors(lead: Record<string, unknown>, now: Date): Factor[] {
  const factors: Factor[] = [];
  const add = (feature: string, value: unknown, effect: number) => effect !== 0 && factors.push({ feature, value, effect });

  const email = typeof lead.email === "string" ? lead.email.toLowerCase() : undefined;
  const domain = email?.split("@")[1];
  if (!domain) add("email", null, -0.5);
  else add("email_domain", domain, freeMailListOf(domain) !== null ? -0.3 : 0.6);

  const employees = num(lead.employees);
  if (employees !== undefined)
    add("employees", employees, employees >= 50 && employees <= 1000 ? 0.5 : employees >= 11 && employees <= 5000 ? 0.25 : -0.1);

  const revenue = num(lead.revenue);
  if (revenue !== undefined && revenue > 0) add("revenue", revenue, 0.4 * Math.max(-1, Math.min(1.5, Math.log10(revenue) - 6)));

  const role = typeof lead.position === "string" ? lead.position : typeof lead.title === "string" ? lead.title : undefined;
  if (role) add("position", role, SENIOR.test(role) ? 0.8 : MIDDLE.test(role) ? 0.35 : 0);

  if (lead.phone) add("phone", "present", 0.2);
  if (lead.industry) add("industry", lead.industry, 0.1);

  const engagement = num(lead.engagement_score);
  if (engagement !== undefined) add("engagement_score", engagement, (1.2 * (Math.max(0, Math.min(100, engagement)) - 50)) / 50);

  const last = typeof lead.last_interaction === "string" ? Date.parse(lead.last_interaction) : Number.NaN;
  if (Number.isFinite(last)) {
    const days = Math.max(0, Math.floor((now.getTime() - last) / DAY_MS));
    add("last_interaction_days", days, days < 7 ? 0.6 : days < 30 ? 0.3 : days < 90 ? 0 : -0.5);
  }
  return factors;
}

export function priorPrediction(lead: Record<string, unknown>, now: Date): Prediction {
  const factors = priorFactors(lead, now);
  const logOdds = INTERCEPT + factors.reduce((sum, f) => sum + f.effect, 0);
  const score = Math.round(100 * normalCdf((logOdds - POPULATION.mean) / POPULATION.sd));
  return { logOdds, probability: sigmoid(logOdds), score: Math.min(100, Math.max(0, score)), factors, model: PRIOR_MODEL };
}

export const PRIOR_INTERCEPT = INTERCEPT;

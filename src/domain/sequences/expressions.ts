import type { Lead } from "../../db/schema";
import { compileCriteria, evaluateCriteria } from "../flows/criteria";
import { leadData } from "../leads/lead-data";

// A lead condition is a CEL expression in the flows' criteria language, over the lead as it is
// when the enrollment reaches the node: its fields and custom fields, status, score and engagement.

export function leadActivation(lead: Lead) {
  return {
    lead: {
      ...leadData(lead),
      status: lead.status,
      score: lead.score,
      engagement_score: lead.engagementScore ?? 0,
      quality_score: lead.qualityScore,
    },
    email: null,
    phone: null,
    quality_score: lead.qualityScore ?? 0,
  };
}

/** Whether the expression holds for the lead; one that cannot be evaluated (a missing field) is false. */
export function evaluateLeadExpression(expression: string, lead: Lead): boolean {
  return evaluateCriteria(compileCriteria(expression), leadActivation(lead)).passed;
}

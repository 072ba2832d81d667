import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { LeadOutcome, LeadOutcomeRecorded, LeadOutcomes, LeadOutcomesRecorded } from "./schemas";

const tags = ["Scoring"];

export const recordLeadOutcome = createRoute({
  operationId: "recordLeadOutcome",
  method: "post",
  path: "/v1/leads/{id}/outcome",
  tags,
  security,
  summary: "Record whether a lead converted",
  description: "Outcomes are the labels the tenant's scoring model learns from. Intake feedback (conversion / return) records them too.",
  request: { params: idParam("id", "lead_abc123"), body: { required: true, content: json(LeadOutcome) } },
  responses: { 200: { description: "Recorded", content: json(LeadOutcomeRecorded) }, ...errors(404, 422) },
});

export const recordLeadOutcomes = createRoute({
  operationId: "recordLeadOutcomes",
  method: "post",
  path: "/v1/leads/outcomes",
  tags,
  security,
  summary: "Record up to 1,000 outcomes",
  request: { body: { required: true, content: json(LeadOutcomes) } },
  responses: {
    200: { description: "One result per outcome; unknown leads are reported, the others recorded", content: json(LeadOutcomesRecorded) },
    ...errors(422),
  },
});

import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  BatchResult,
  BatchSubmission,
  FeedbackInput,
  FeedbackResult,
  LeadChange,
  LeadDetail,
  LeadSearchQuery,
  LeadSearchResult,
  LeadSubmission,
  SubmissionResult,
} from "./schemas";
import { SEED_BATCH, SEED_SUBMIT_LEAD } from "./seed-examples";

const tags = ["Leads"];
const flowParams = idParam("flow_id", "flow_789xyz");
const leadParams = idParam("lead_id", "lead_abc123def456");

export const submitLead = createRoute({
  operationId: "submitLead",
  method: "post",
  path: "/api/v1/flows/{flow_id}/leads",
  tags,
  security,
  summary: "Submit a lead to a flow",
  description:
    "Validates, enhances, applies the flow's acceptance criteria, quality threshold, duplicate policy " +
    "and volume caps. A lead refused by a rule is not an error: 201 with status rejected and the reason. " +
    "Malformed fields are 400 with one detail per field.",
  request: { params: flowParams, body: { required: true, content: json(LeadSubmission, SEED_SUBMIT_LEAD) } },
  responses: { 201: { description: "The lead and its events", content: json(SubmissionResult) }, ...errors(404, 409, 422) },
});

export const submitBatch = createRoute({
  operationId: "submitLeadBatch",
  method: "post",
  path: "/api/v1/flows/{flow_id}/leads/batch",
  tags,
  security,
  summary: "Submit up to 1,000 leads",
  description:
    "Each lead is reported on its own; good leads are stored even when others fail. Counts as one request against the rate limit.",
  request: { params: flowParams, body: { required: true, content: json(BatchSubmission, SEED_BATCH) } },
  responses: { 207: { description: "One result per lead", content: json(BatchResult) }, ...errors(404, 409, 422) },
});

export const getLead = createRoute({
  operationId: "getLead",
  method: "get",
  path: "/api/v1/leads/{lead_id}",
  tags,
  security,
  summary: "Get a lead with its enhancements, events and quality metrics",
  request: { params: leadParams },
  responses: { 200: { description: "The lead", content: json(LeadDetail) }, ...errors(404) },
});

export const updateLead = createRoute({
  operationId: "updateLead",
  method: "patch",
  path: "/api/v1/leads/{lead_id}",
  tags,
  security,
  summary: "Move a lead to another status",
  description:
    "The status must be one of the tenant's lead statuses. The change is a status_changed event; a " +
    "closed status (won or lost) records the outcome lead scoring learns from.",
  request: { params: leadParams, body: { required: true, content: json(LeadChange, { status: "qualified" }) } },
  responses: { 200: { description: "The lead", content: json(LeadDetail) }, ...errors(404, 409) },
});

export const searchLeads = createRoute({
  operationId: "searchLeads",
  method: "get",
  path: "/api/v1/leads",
  tags,
  security,
  summary: "Search leads",
  description:
    "Filters combine with AND. Custom fields filter by equality with `custom.<name>=<value>`, which matches the value sent " +
    'as text, number or boolean (`custom.vip=true` finds true and "true"). Newest first.',
  request: { query: LeadSearchQuery },
  responses: { 200: { description: "A page of leads", content: json(LeadSearchResult) }, ...errors() },
});

export const leadFeedback = createRoute({
  operationId: "recordLeadFeedback",
  method: "post",
  path: "/api/v1/leads/{lead_id}/feedback",
  tags,
  security,
  summary: "Report a conversion or a return",
  description: "Recorded as an event and, for conversions, a lead.converted webhook. Conversions are the labels lead scoring learns from.",
  request: { params: leadParams, body: { required: true, content: json(FeedbackInput) } },
  responses: { 201: { description: "The recorded outcome", content: json(FeedbackResult) }, ...errors(404, 409, 422) },
});

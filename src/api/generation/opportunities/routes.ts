import { createRoute } from "@hono/zod-openapi";
import { DeletedResponse, idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  OpportunityChange,
  OpportunityCreated,
  OpportunityInput,
  OpportunityList,
  OpportunityQuery,
  OpportunityResponse,
  OpportunityUpdated,
} from "./schemas";

const tags = ["Pipeline"];
const opportunityId = idParam("opportunity_id", "opp_01jd0x5v7k2m3n4p5q6r7s8t9v");

export const createOpportunity = createRoute({
  operationId: "createOpportunity",
  method: "post",
  path: "/v1/opportunities",
  tags,
  security,
  summary: "Open a deal for a lead",
  description:
    "Stages are the tenant's opportunity stages (/v1/config/statuses, entityType opportunity), or the " +
    "defaults until it configures its own. Every stage a deal enters is an event on its lead; a closed " +
    "stage is an outcome for lead scoring (won: converted, at the deal's amount).",
  request: { body: { required: true, content: json(OpportunityInput) } },
  responses: { 201: { description: "Created", content: json(OpportunityCreated) }, ...errors() },
});
export const listOpportunities = createRoute({
  operationId: "listOpportunities",
  method: "get",
  path: "/v1/opportunities",
  tags,
  security,
  summary: "The tenant's deals, newest first",
  request: { query: OpportunityQuery },
  responses: { 200: { description: "Deals", content: json(OpportunityList) }, ...errors() },
});
export const getOpportunity = createRoute({
  operationId: "getOpportunity",
  method: "get",
  path: "/v1/opportunities/{opportunity_id}",
  tags,
  security,
  summary: "A deal",
  request: { params: opportunityId },
  responses: { 200: { description: "The deal", content: json(OpportunityResponse) }, ...errors(404) },
});
export const updateOpportunity = createRoute({
  operationId: "updateOpportunity",
  method: "patch",
  path: "/v1/opportunities/{opportunity_id}",
  tags,
  security,
  summary: "Change a deal or move it to another stage",
  request: { params: opportunityId, body: { required: true, content: json(OpportunityChange, { stage: "proposal" }) } },
  responses: { 200: { description: "The deal now", content: json(OpportunityUpdated) }, ...errors(404) },
});
export const deleteOpportunity = createRoute({
  operationId: "deleteOpportunity",
  method: "delete",
  path: "/v1/opportunities/{opportunity_id}",
  tags,
  security,
  summary: "Delete a deal",
  request: { params: opportunityId },
  responses: { 200: { description: "Deleted", content: json(DeletedResponse) }, ...errors(404) },
});

import { createRoute } from "@hono/zod-openapi";
import { DeletedResponse, idParam, json, Pagination } from "../../../platform/envelopes";
import { errorsWith, security } from "../family";
import { DefinitionChange, DefinitionInput, WorkflowCreated, WorkflowList, WorkflowResponse, WorkflowUpdated } from "./schemas";

const tags = ["Workflows"];
const errors = errorsWith({
  400: "Invalid request, or a graph with problems: `details.errors` lists each with the node or edge id (`nodes.<id>`, `edges.<id>`)",
});
const workflowId = idParam("workflow_id", "wf_01jd0x5v7k2m3n4p5q6r7s8t9v");
const VALIDATION =
  "Validated on save: exactly one trigger, unique node and edge ids, edges between existing nodes, " +
  "every node reachable from the trigger, no cycles, a condition with one `yes` and one `no` branch " +
  "(the edge's `sourceHandle`; an edge `label` or `data.branch` does not count), other nodes at most " +
  "one next step, waits from 1 minute to 90 days, emails with a `subjectLine` (or `subject`) and a " +
  "`body`. Every problem is reported, each naming its node (`nodes.<nodeId>`) or edge " +
  "(`edges.<edgeId>`).";

export const createDefinition = createRoute({
  operationId: "createWorkflow",
  method: "post",
  path: "/v1/workflows",
  tags,
  security,
  summary: "Save a sequence definition",
  description: VALIDATION,
  request: { body: { required: true, content: json(DefinitionInput) } },
  responses: { 201: { description: "Saved", content: json(WorkflowCreated) }, ...errors() },
});
export const listDefinitions = createRoute({
  operationId: "listWorkflows",
  method: "get",
  path: "/v1/workflows",
  tags,
  security,
  summary: "The tenant's sequence definitions, newest first",
  request: { query: Pagination },
  responses: { 200: { description: "Definitions", content: json(WorkflowList) }, ...errors() },
});
export const getDefinition = createRoute({
  operationId: "getWorkflow",
  method: "get",
  path: "/v1/workflows/{workflow_id}",
  tags,
  security,
  summary: "A sequence definition",
  request: { params: workflowId },
  responses: { 200: { description: "The definition", content: json(WorkflowResponse) }, ...errors(404) },
});
export const updateDefinition = createRoute({
  operationId: "updateWorkflow",
  method: "put",
  path: "/v1/workflows/{workflow_id}",
  tags,
  security,
  summary: "Change a sequence definition",
  description: VALIDATION,
  request: { params: workflowId, body: { required: true, content: json(DefinitionChange) } },
  responses: { 200: { description: "The definition now", content: json(WorkflowUpdated) }, ...errors(404) },
});
export const deleteDefinition = createRoute({
  operationId: "deleteWorkflow",
  method: "delete",
  path: "/v1/workflows/{workflow_id}",
  tags,
  security,
  summary: "Delete a sequence definition",
  request: { params: workflowId },
  responses: { 200: { description: "Deleted", content: json(DeletedResponse) }, ...errors(404) },
});

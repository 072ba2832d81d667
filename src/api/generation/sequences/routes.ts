import { createRoute } from "@hono/zod-openapi";
import { DeletedResponse, idParam, json, Pagination } from "../../../platform/envelopes";
import { errorsWith, security } from "../family";
import {
  DefinitionChange,
  DefinitionInput,
  WorkflowActivated,
  WorkflowCreated,
  WorkflowList,
  WorkflowResponse,
  WorkflowStats,
  WorkflowUpdated,
  WorkflowVersionList,
} from "./schemas";

const tags = ["Workflows"];
const errors = errorsWith({
  400: "Invalid request; on activation, a graph with problems: `details.errors` lists each with the node or edge id (`nodes.<id>`, `edges.<id>`)",
});
const workflowId = idParam("workflow_id", "wf_01jd0x5v7k2m3n4p5q6r7s8t9v");
const VALIDATION =
  "Saved as a draft whatever its problems (the generator's output saves as it is); the answer's `problems` " +
  "lists what keeps it from being activated: exactly one trigger, unique node and edge ids, edges between existing nodes, " +
  "every node reachable from the trigger, no cycles, a condition with one `yes` and one `no` branch " +
  "(the edge's `sourceHandle`; an edge `label` or `data.branch` does not count), other nodes at most " +
  "one next step, waits from 1 minute to 90 days, emails with a `subjectLine` (or `subject`) and a " +
  "`body` and a `senderId`, known node data, and the Workflows limits. Every problem is reported, each naming " +
  "its node (`nodes.<nodeId>`) or edge (`edges.<edgeId>`). Editing an active sequence changes its draft only: " +
  "running enrollments stay on their version, and the next activation publishes the change.";

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
export const patchDefinition = createRoute({
  operationId: "patchWorkflow",
  method: "patch",
  path: "/v1/workflows/{workflow_id}",
  tags,
  security,
  summary: "Change part of a sequence's draft",
  description: VALIDATION,
  request: { params: workflowId, body: { required: true, content: json(DefinitionChange) } },
  responses: { 200: { description: "The definition now", content: json(WorkflowUpdated) }, ...errors(404) },
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
  description:
    "A sequence with running (active or paused) enrollments is not deleted: 409 says how many. " +
    "Deactivate it, cancel them (`POST /v1/enrollments/{id}/cancel`) or let them end, then delete it. " +
    "Its ended enrollments are no longer listed under it.",
  request: { params: workflowId },
  responses: {
    200: { description: "Deleted", content: json(DeletedResponse) },
    ...errorsWith({ 409: "The sequence still has running enrollments; `details` names `workflow_id`" })(404, 409),
  },
});
export const activateDefinition = createRoute({
  operationId: "activateWorkflow",
  method: "post",
  path: "/v1/workflows/{workflow_id}/activate",
  tags,
  security,
  summary: "Publish the draft as an immutable version and start enrolling on it",
  description:
    "Validates the draft (as on save, plus: every sender, campaign and sequence it names exists, and every status of a " +
    "change_status action or status_changed trigger is one of the tenant's lead statuses) and publishes it as " +
    "the next version, or reuses the latest version when the draft has not changed since. A graph that could exceed " +
    "the Workflows limits (1,024 steps per enrollment, 1 MiB per step result, a 30-day wait for an email event) is refused. " +
    "400 lists every problem, naming its node or edge.",
  request: { params: workflowId },
  responses: { 200: { description: "Active", content: json(WorkflowActivated) }, ...errors(404) },
});
export const deactivateDefinition = createRoute({
  operationId: "deactivateWorkflow",
  method: "post",
  path: "/v1/workflows/{workflow_id}/deactivate",
  tags,
  security,
  summary: "Stop new enrollments; running ones go on",
  request: { params: workflowId },
  responses: { 200: { description: "Inactive", content: json(WorkflowResponse) }, ...errors(404) },
});
export const listVersions = createRoute({
  operationId: "listWorkflowVersions",
  method: "get",
  path: "/v1/workflows/{workflow_id}/versions",
  tags,
  security,
  summary: "The sequence's published versions, newest first",
  request: { params: workflowId },
  responses: { 200: { description: "Versions", content: json(WorkflowVersionList) }, ...errors(404) },
});
export const getStats = createRoute({
  operationId: "getWorkflowStats",
  method: "get",
  path: "/v1/workflows/{workflow_id}/stats",
  tags,
  security,
  summary: "Per version and node: entered, completed, exited by reason, emails sent, opened, clicked, replied, bounced, unsubscribed",
  description: "Counted from the events each enrollment writes as it goes (never estimated); versions newest first.",
  request: { params: workflowId },
  responses: { 200: { description: "Stats", content: json(WorkflowStats) }, ...errors(404) },
});

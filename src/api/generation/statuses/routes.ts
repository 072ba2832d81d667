import { createRoute } from "@hono/zod-openapi";
import { DeletedResponse, idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { CreateStatuses, StatusChange, StatusesCreated, StatusList, StatusQuery, StatusResponse, StatusUpdated } from "./schemas";

const tags = ["Pipeline"];
const statusId = idParam("status_id", "sts_01jd0x5v7k2m3n4p5q6r7s8t9v");

export const createStatuses = createRoute({
  operationId: "createStatuses",
  method: "post",
  path: "/v1/config/statuses",
  tags,
  security,
  summary: "Create one status, or a generator's whole set",
  description:
    "Codes are unique per tenant and type (409 naming `code`). The tenant's first own lead statuses replace the five defaults, " +
    "so they are refused (409) while an active workflow names a default code they leave out in a change_status action or " +
    "status_changed trigger: the message names the codes and workflows; include those codes, or deactivate the workflows first.",
  request: {
    body: {
      required: true,
      content: json(CreateStatuses, { entityType: "lead", code: "qualified", name: "Qualified", color: "green", sortOrder: 2 }),
    },
  },
  responses: {
    201: {
      description: "Created: the status, or `{entityType, statuses|stages}` for a set",
      content: json(StatusesCreated),
    },
    ...errors(409),
  },
});

export const listStatuses = createRoute({
  operationId: "listStatuses",
  method: "get",
  path: "/v1/config/statuses",
  tags,
  security,
  summary: "The tenant's statuses, by entity type and order",
  request: { query: StatusQuery },
  responses: { 200: { description: "Statuses", content: json(StatusList) }, ...errors() },
});

export const getStatus = createRoute({
  operationId: "getStatus",
  method: "get",
  path: "/v1/config/statuses/{status_id}",
  tags,
  security,
  summary: "A status",
  request: { params: statusId },
  responses: { 200: { description: "The status", content: json(StatusResponse) }, ...errors(404) },
});

export const updateStatus = createRoute({
  operationId: "updateStatus",
  method: "patch",
  path: "/v1/config/statuses/{status_id}",
  tags,
  security,
  summary: "Change a status",
  description:
    "`isWon: true` closes an open status. A new `code` is refused (409) while leads or opportunities hold the old one, or " +
    "an active workflow names it in a change_status action or status_changed trigger (the message names the workflows), and " +
    "when another status of the type has it.",
  request: { params: statusId, body: { required: true, content: json(StatusChange) } },
  responses: { 200: { description: "The status now", content: json(StatusUpdated) }, ...errors(404, 409) },
});

export const deleteStatus = createRoute({
  operationId: "deleteStatus",
  method: "delete",
  path: "/v1/config/statuses/{status_id}",
  tags,
  security,
  summary: "Delete a status (a deleted default passes to the first remaining one)",
  description:
    "Refused (409) while leads hold the status's code, or opportunities are at the stage: the message says how many; move them " +
    "to another status or stage first. A lead status is also refused while an active workflow names it in a change_status " +
    "action or status_changed trigger: the message names the workflows; deactivate them, or change those nodes and activate again.",
  request: { params: statusId },
  responses: { 200: { description: "Deleted", content: json(DeletedResponse) }, ...errors(404, 409) },
});

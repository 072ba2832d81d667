import { createRoute, z } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { SEED_FLOW_CONFIGURATION, SEED_SETTINGS } from "../leads/seed-examples";
import {
  CapsResponse,
  ExplainRequest,
  ExplainResponse,
  FlowCreate,
  FlowEvents,
  FlowEventsQuery,
  FlowList,
  FlowSchema,
  FlowUpdate,
  RecipientList,
  RecipientState,
  SettingsResponse,
  SettingsUpdate,
} from "./schemas";

const tags = ["Flows"];
const params = idParam("flow_id", "flow_789xyz");

export const createFlow = createRoute({
  operationId: "createFlow",
  method: "post",
  path: "/api/v1/flows",
  tags,
  security,
  summary: "Create a flow",
  description:
    "Steps take the shape GET /api/v1/flows/{flow_id} shows; settings the shape of PUT …/settings. " +
    "Acceptance criteria are compiled now: a bad expression is a 400 naming its position.",
  request: {
    body: {
      required: true,
      content: json(FlowCreate, {
        name: "Main Lead Processing Flow",
        description: "Primary flow for website lead processing",
        configuration: SEED_FLOW_CONFIGURATION,
      }),
    },
  },
  responses: { 201: { description: "The flow", content: json(FlowSchema) }, ...errors(409, 422) },
});

export const listFlows = createRoute({
  operationId: "listFlows",
  method: "get",
  path: "/api/v1/flows",
  tags,
  security,
  summary: "List flows with their statistics",
  request: { query: z.object({ status: z.enum(["active", "archived", "all"]).default("active").openapi({ example: "active" }) }) },
  responses: { 200: { description: "Flows, newest first", content: json(FlowList) }, ...errors() },
});

export const getFlow = createRoute({
  operationId: "getFlow",
  method: "get",
  path: "/api/v1/flows/{flow_id}",
  tags,
  security,
  summary: "Get a flow's configuration, settings and statistics",
  request: { params },
  responses: { 200: { description: "The flow", content: json(FlowSchema) }, ...errors(404) },
});

export const updateFlow = createRoute({
  operationId: "updateFlow",
  method: "patch",
  path: "/api/v1/flows/{flow_id}",
  tags,
  security,
  summary: "Rename a flow or replace its steps",
  request: { params, body: { required: true, content: json(FlowUpdate) } },
  responses: { 200: { description: "The flow", content: json(FlowSchema) }, ...errors(404) },
});

export const updateFlowSettings = createRoute({
  operationId: "updateFlowSettings",
  method: "put",
  path: "/api/v1/flows/{flow_id}/settings",
  tags,
  security,
  summary: "Update flow settings",
  description: "Settings sent replace the flow's; settings left out keep their value.",
  request: { params, body: { required: true, content: json(SettingsUpdate, SEED_SETTINGS) } },
  responses: { 200: { description: "The flow's settings", content: json(SettingsResponse) }, ...errors(404) },
});

export const archiveFlow = createRoute({
  operationId: "archiveFlow",
  method: "delete",
  path: "/api/v1/flows/{flow_id}",
  tags,
  security,
  summary: "Archive a flow",
  description: "The flow and its leads stay readable; new leads are refused with 409.",
  request: { params },
  responses: { 200: { description: "The archived flow", content: json(FlowSchema) }, ...errors(404) },
});

export const getFlowCaps = createRoute({
  operationId: "getFlowCaps",
  method: "get",
  path: "/api/v1/flows/{flow_id}/caps",
  tags,
  security,
  summary: "Volume caps with their use and headroom",
  request: { params },
  responses: { 200: { description: "Caps in the flow's time zone", content: json(CapsResponse) }, ...errors(404) },
});

export const explainRules = createRoute({
  operationId: "explainFlowRules",
  method: "post",
  path: "/api/v1/flows/{flow_id}/rules/explain",
  tags,
  security,
  summary: "Dry run: how the flow would judge a lead",
  description:
    "Returns the pass/fail trace of every acceptance rule, duplicate check, cap and threshold. Stores nothing and counts nothing.",
  request: { params, body: { required: true, content: json(ExplainRequest) } },
  responses: { 200: { description: "The trace", content: json(ExplainResponse) }, ...errors(404) },
});

export const listRecipients = createRoute({
  operationId: "listFlowRecipients",
  method: "get",
  path: "/api/v1/flows/{flow_id}/recipients",
  tags,
  security,
  summary: "The flow's recipients and their health",
  description: "A recipient is paused after its max_consecutive_errors errors in a row (failures, where it refused a lead, do not count).",
  request: { params },
  responses: { 200: { description: "Recipients", content: json(RecipientList) }, ...errors(404) },
});

export const resumeRecipient = createRoute({
  operationId: "resumeFlowRecipient",
  method: "post",
  path: "/api/v1/flows/{flow_id}/recipients/{step_id}/resume",
  tags,
  security,
  summary: "Resume a paused recipient",
  request: {
    params: params.extend({
      step_id: z
        .string()
        .max(64)
        .openapi({ param: { name: "step_id", in: "path" }, example: "step_003" }),
    }),
  },
  responses: { 200: { description: "The recipient, active again", content: json(RecipientState) }, ...errors(404) },
});

export const flowEvents = createRoute({
  operationId: "listFlowEvents",
  method: "get",
  path: "/api/v1/flows/{flow_id}/events",
  tags,
  security,
  summary: "A flow's lead events, newest first",
  request: { params, query: FlowEventsQuery },
  responses: { 200: { description: "Events and how many match", content: json(FlowEvents) }, ...errors(404) },
});

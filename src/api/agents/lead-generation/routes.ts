import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, errorsWith, security } from "../family";
import { Accepted, Cancelled, CommandResponse, LeadGenerationRequest, LeadsPage, PageQuery, SEED_REQUEST, Status } from "./schemas";

const tags = ["Lead generation"];
const commandId = idParam("command_id", "cmd_01jd0x5v7k2m3n4p5q6r7s8t9v");
const createErrors = errorsWith({
  404: "SITE_NOT_FOUND or USER_NOT_FOUND",
  422: "INSUFFICIENT_DATA: nothing to search for; or an Idempotency-Key reused with another body",
  429: "QUOTA_EXCEEDED: the monthly lead generation quota; or the request rate limit (see Retry-After)",
})(404, 409, 422);

const create = (operationId: string, path: string, summary: string) =>
  createRoute({
    operationId,
    method: "post",
    path,
    tags,
    security,
    summary,
    description:
      "Checks the site (SITE_NOT_FOUND) and user (USER_NOT_FOUND), refuses a profile with nothing to " +
      "search for (INSUFFICIENT_DATA), reserves maxLeads against the plan's monthly quota (QUOTA_EXCEEDED: " +
      "starter 100, growth 1,000, enterprise 10,000 a month; test-mode keys have an allowance of the same size, counted " +
      "apart), and runs the command as a Workflow: analysis, " +
      "research, verification, scoring, enrichment, delivery.",
    request: { body: { required: true, content: json(LeadGenerationRequest, SEED_REQUEST) } },
    responses: {
      202: { description: "Processing; poll the status endpoint or wait for the webhook", content: json(Accepted) },
      ...createErrors,
    },
  });

export const createLeadGeneration = create(
  "createLeadGeneration",
  "/api/agents/sales/leadGeneration",
  "Generate qualified leads from an ideal-customer profile",
);
export const createLeadGenerationCommand = create(
  "createLeadGenerationCommand",
  "/api/agents/sales/command/leadGeneration",
  "The same, in the standardized agent command format",
);

export const getCommand = createRoute({
  operationId: "getLeadGenerationCommand",
  method: "get",
  path: "/api/agents/sales/command/{command_id}",
  tags,
  security,
  summary: "The generated command object",
  request: { params: commandId },
  responses: { 200: { description: "The command", content: json(CommandResponse) }, ...errors(404) },
});

export const getStatus = createRoute({
  operationId: "getLeadGenerationStatus",
  method: "get",
  path: "/api/agents/sales/leadGeneration/status/{command_id}",
  tags,
  security,
  summary: "Stage, progress and, once completed, the leads and summary",
  request: { params: commandId },
  responses: { 200: { description: "The command's status", content: json(Status) }, ...errors(404) },
});

export const getLeads = createRoute({
  operationId: "getLeadGenerationLeads",
  method: "get",
  path: "/api/agents/sales/leadGeneration/leads/{command_id}",
  tags,
  security,
  summary: "The leads a command delivered, best match first",
  request: { params: commandId, query: PageQuery },
  responses: { 200: { description: "A page of leads", content: json(LeadsPage) }, ...errors(404) },
});

export const cancel = createRoute({
  operationId: "cancelLeadGeneration",
  method: "delete",
  path: "/api/agents/sales/leadGeneration/{command_id}",
  tags,
  security,
  summary: "Cancel a processing command",
  description: "Its Workflow is terminated; leads already delivered stay. A command that is no longer processing answers 409.",
  request: { params: commandId },
  responses: { 200: { description: "Cancelled", content: json(Cancelled) }, ...errors(404, 409) },
});

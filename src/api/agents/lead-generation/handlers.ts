import * as commands from "../../../domain/lead-generation/commands";
import { commandStatus } from "../../../domain/lead-generation/status";
import { pageInfo } from "../../../platform/envelopes";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import { renderAccepted, renderCommand, renderGeneratedLead, renderStatus } from "./render";
import type * as routes from "./routes";

export const createLeadGeneration: AppRouteHandler<typeof routes.createLeadGeneration> = async (c) =>
  c.json(ok(renderAccepted(await commands.createCommand(tenantCtxOf(c), c.req.valid("json")))), 202);

export const createLeadGenerationCommand: AppRouteHandler<typeof routes.createLeadGenerationCommand> = async (c) =>
  c.json(ok(renderAccepted(await commands.createCommand(tenantCtxOf(c), c.req.valid("json")))), 202);

export const getCommand: AppRouteHandler<typeof routes.getCommand> = async (c) => {
  const command = await commands.getCommand(tenantCtxOf(c), c.req.valid("param").command_id);
  return c.json(ok(renderCommand(command)), 200);
};

export const getStatus: AppRouteHandler<typeof routes.getStatus> = async (c) =>
  c.json(ok(renderStatus(await commandStatus(tenantCtxOf(c), c.req.valid("param").command_id))), 200);

export const getLeads: AppRouteHandler<typeof routes.getLeads> = async (c) => {
  const { page, per_page } = c.req.valid("query");
  const { command, total, rows } = await commands.commandLeads(tenantCtxOf(c), c.req.valid("param").command_id, page, per_page);
  return c.json(ok({ command_id: command.id, leads: rows.map(renderGeneratedLead), pagination: pageInfo(total, page, per_page) }), 200);
};

export const cancel: AppRouteHandler<typeof routes.cancel> = async (c) => {
  const command = await commands.cancelCommand(tenantCtxOf(c), c.req.valid("param").command_id);
  return c.json(ok({ command_id: command.id, status: "cancelled" as const }), 200);
};

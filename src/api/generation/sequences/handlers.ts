import * as definitions from "../../../domain/sequences/definitions";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderDefinition } from "./schemas";

export const createDefinition: AppRouteHandler<typeof routes.createDefinition> = async (c) => {
  const definition = await definitions.createDefinition(tenantCtxOf(c), c.req.valid("json"));
  return c.json(ok(renderDefinition(definition), "Workflow created"), 201);
};

export const listDefinitions: AppRouteHandler<typeof routes.listDefinitions> = async (c) => {
  const list = await definitions.listDefinitions(tenantCtxOf(c), c.req.valid("query"));
  return c.json(ok(list.map(renderDefinition)), 200);
};

export const getDefinition: AppRouteHandler<typeof routes.getDefinition> = async (c) => {
  const definition = await definitions.getDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id);
  return c.json(ok(renderDefinition(definition)), 200);
};

export const updateDefinition: AppRouteHandler<typeof routes.updateDefinition> = async (c) => {
  const definition = await definitions.updateDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id, c.req.valid("json"));
  return c.json(ok(renderDefinition(definition), "Workflow updated"), 200);
};

export const deleteDefinition: AppRouteHandler<typeof routes.deleteDefinition> = async (c) => {
  const { workflow_id } = c.req.valid("param");
  await definitions.deleteDefinition(tenantCtxOf(c), workflow_id);
  return c.json(ok({ id: workflow_id, deleted: true as const }, "Workflow deleted"), 200);
};

import * as definitions from "../../../domain/sequences/definitions";
import { sequenceStats } from "../../../domain/sequences/stats";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderDefinition, renderVersion } from "./schemas";

export const createDefinition: AppRouteHandler<typeof routes.createDefinition> = async (c) => {
  const definition = await definitions.createDefinition(tenantCtxOf(c), c.req.valid("json"));
  return c.json(ok(renderDefinition(definition), "Workflow created"), 201);
};

export const listDefinitions: AppRouteHandler<typeof routes.listDefinitions> = async (c) => {
  const list = await definitions.listDefinitions(tenantCtxOf(c), c.req.valid("query"));
  return c.json(ok(list.map(renderDefinition)), 200);
};

export const getDefinition: AppRouteHandler<typeof routes.getDefinition> = async (c) => {
  const definition = await definitions.readDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id);
  return c.json(ok(renderDefinition(definition)), 200);
};

export const updateDefinition: AppRouteHandler<typeof routes.updateDefinition> = async (c) => {
  const definition = await definitions.updateDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id, c.req.valid("json"));
  return c.json(ok(renderDefinition(definition), "Workflow updated"), 200);
};

export const patchDefinition: AppRouteHandler<typeof routes.patchDefinition> = async (c) => {
  const definition = await definitions.updateDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id, c.req.valid("json"));
  return c.json(ok(renderDefinition(definition), "Workflow updated"), 200);
};

export const activateDefinition: AppRouteHandler<typeof routes.activateDefinition> = async (c) => {
  const { definition, version } = await definitions.activateDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id);
  const data = { workflow: renderDefinition({ definition, problems: [] }), version: renderVersion(version) };
  return c.json(ok(data, `Workflow active on version ${version.version}`), 200);
};

export const deactivateDefinition: AppRouteHandler<typeof routes.deactivateDefinition> = async (c) => {
  const definition = await definitions.deactivateDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id);
  return c.json(ok(renderDefinition(definition), "Workflow inactive"), 200);
};

export const listVersions: AppRouteHandler<typeof routes.listVersions> = async (c) => {
  const versions = await definitions.listVersions(tenantCtxOf(c), c.req.valid("param").workflow_id);
  return c.json(ok(versions.map(renderVersion)), 200);
};

export const deleteDefinition: AppRouteHandler<typeof routes.deleteDefinition> = async (c) => {
  const { workflow_id } = c.req.valid("param");
  await definitions.deleteDefinition(tenantCtxOf(c), workflow_id);
  return c.json(ok({ id: workflow_id, deleted: true as const }, "Workflow deleted"), 200);
};

export const getStats: AppRouteHandler<typeof routes.getStats> = async (c) => {
  const { workflow_id } = c.req.valid("param");
  const { totals, versions } = await sequenceStats(tenantCtxOf(c), workflow_id);
  return c.json(ok({ workflow_id, ...totals, versions }), 200);
};

import * as providers from "../../../domain/lead-generation/providers";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderProvider } from "./schemas";

export const createProvider: AppRouteHandler<typeof routes.createProvider> = async (c) =>
  c.json(ok(renderProvider(await providers.createProvider(tenantCtxOf(c), c.req.valid("json")))), 201);

export const listProviders: AppRouteHandler<typeof routes.listProviders> = async (c) =>
  c.json(ok((await providers.listProviders(tenantCtxOf(c))).map(renderProvider)), 200);

export const getProvider: AppRouteHandler<typeof routes.getProvider> = async (c) =>
  c.json(ok(renderProvider(await providers.getProvider(tenantCtxOf(c), c.req.valid("param").provider_id))), 200);

export const updateProvider: AppRouteHandler<typeof routes.updateProvider> = async (c) =>
  c.json(ok(renderProvider(await providers.updateProvider(tenantCtxOf(c), c.req.valid("param").provider_id, c.req.valid("json")))), 200);

export const deleteProvider: AppRouteHandler<typeof routes.deleteProvider> = async (c) => {
  const { provider_id } = c.req.valid("param");
  await providers.deleteProvider(tenantCtxOf(c), provider_id);
  return c.json(ok({ id: provider_id, deleted: true as const }), 200);
};

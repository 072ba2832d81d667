import type { RouteHandler } from "@hono/zod-openapi";
import * as providers from "../../../domain/lead-generation/providers";
import type { AppEnv } from "../../../platform/context";
import { tenantCtxOf } from "../../context";
import type * as routes from "./routes";
import { renderProvider } from "./schemas";

export const createProvider: RouteHandler<typeof routes.createProvider, AppEnv> = async (c) =>
  c.json({ success: true as const, data: renderProvider(await providers.createProvider(tenantCtxOf(c), c.req.valid("json"))) }, 201);

export const listProviders: RouteHandler<typeof routes.listProviders, AppEnv> = async (c) =>
  c.json({ success: true as const, data: (await providers.listProviders(tenantCtxOf(c))).map(renderProvider) }, 200);

export const getProvider: RouteHandler<typeof routes.getProvider, AppEnv> = async (c) =>
  c.json({ success: true as const, data: renderProvider(await providers.getProvider(tenantCtxOf(c), c.req.valid("param").provider_id)) }, 200);

export const updateProvider: RouteHandler<typeof routes.updateProvider, AppEnv> = async (c) =>
  c.json({ success: true as const, data: renderProvider(await providers.updateProvider(tenantCtxOf(c), c.req.valid("param").provider_id, c.req.valid("json"))) }, 200);

export const deleteProvider: RouteHandler<typeof routes.deleteProvider, AppEnv> = async (c) => {
  const { provider_id } = c.req.valid("param");
  await providers.deleteProvider(tenantCtxOf(c), provider_id);
  return c.json({ success: true as const, data: { id: provider_id, deleted: true as const } }, 200);
};

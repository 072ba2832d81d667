import * as keys from "../../../domain/tenancy/api-keys";
import type { AppRouteHandler } from "../../../platform/router";
import { ctxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderApiKey } from "./schemas";

export const createApiKey: AppRouteHandler<typeof routes.createApiKey> = async (c) => {
  const body = c.req.valid("json");
  const { apiKey, key } = await keys.issueApiKey(ctxOf(c), c.req.valid("param").id, {
    name: body.name,
    mode: body.mode,
    scopes: body.scopes,
    expiresAt: body.expires_at && new Date(body.expires_at).toISOString(),
    allowedIps: body.allowed_ips,
  });
  return c.json({ ...renderApiKey(apiKey), key }, 201);
};

export const listApiKeys: AppRouteHandler<typeof routes.listApiKeys> = async (c) => {
  const apiKeys = await keys.listApiKeys(ctxOf(c), c.req.valid("param").id);
  return c.json({ api_keys: apiKeys.map(renderApiKey) }, 200);
};

export const revokeApiKey: AppRouteHandler<typeof routes.revokeApiKey> = async (c) => {
  return c.json(renderApiKey(await keys.revokeApiKey(ctxOf(c), c.req.valid("param").id)), 200);
};

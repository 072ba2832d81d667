import * as keys from "../../../domain/tenancy/own-keys";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderOwnKey } from "./schemas";

export const createOwnApiKey: AppRouteHandler<typeof routes.createOwnApiKey> = async (c) => {
  const body = c.req.valid("json");
  const { apiKey, key } = await keys.createOwnKey(tenantCtxOf(c), c.var.caller.apiKey, {
    name: body.name,
    mode: body.mode,
    scopes: body.scopes,
    expiresAt: body.expires_at && new Date(body.expires_at).toISOString(),
    allowedIps: body.allowed_ips,
  });
  return c.json({ ...renderOwnKey(apiKey), key }, 201);
};

export const listOwnApiKeys: AppRouteHandler<typeof routes.listOwnApiKeys> = async (c) => {
  return c.json({ api_keys: (await keys.listOwnKeys(tenantCtxOf(c))).map(renderOwnKey) }, 200);
};

export const getOwnApiKey: AppRouteHandler<typeof routes.getOwnApiKey> = async (c) => {
  return c.json(renderOwnKey(await keys.getOwnKey(tenantCtxOf(c), c.req.valid("param").key_id)), 200);
};

export const revokeOwnApiKey: AppRouteHandler<typeof routes.revokeOwnApiKey> = async (c) => {
  const revoked = await keys.revokeOwnKey(tenantCtxOf(c), c.var.caller.apiKey, c.req.valid("param").key_id);
  return c.json(renderOwnKey(revoked), 200);
};

export const rotateOwnApiKey: AppRouteHandler<typeof routes.rotateOwnApiKey> = async (c) => {
  const overlap = (c.req.valid("json") as { overlap_seconds?: number } | undefined)?.overlap_seconds;
  const { apiKey, key, previous } = await keys.rotateOwnKey(
    tenantCtxOf(c),
    c.var.caller.apiKey,
    c.req.valid("param").key_id,
    overlap ?? keys.DEFAULT_ROTATION_OVERLAP_SECONDS,
  );
  return c.json({ ...renderOwnKey(apiKey), key, previous: renderOwnKey(previous) }, 201);
};

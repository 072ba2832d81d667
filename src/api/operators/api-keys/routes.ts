import { createRoute, z } from "@hono/zod-openapi";
import { errors, security } from "../family";
import { TenantId } from "../tenants/schemas";
import { ApiKeyCreate, ApiKeyCreated, ApiKeyList, ApiKeySchema } from "./schemas";

const tags = ["Operators"];
const json = <T>(schema: T) => ({ "application/json": { schema } });

export const createApiKey = createRoute({
  operationId: "createApiKey",
  method: "post",
  path: "/admin/tenants/{id}/api-keys",
  tags,
  security,
  summary: "Issue an API key for a tenant",
  description: "The key is shown once; only its SHA-256 hash and prefix are stored.",
  request: { params: z.object({ id: TenantId }), body: { required: true, content: json(ApiKeyCreate) } },
  responses: { 201: { description: "The new key", content: json(ApiKeyCreated) }, ...errors(400, 401, 404, 503) },
});

export const listApiKeys = createRoute({
  operationId: "listApiKeys",
  method: "get",
  path: "/admin/tenants/{id}/api-keys",
  tags,
  security,
  summary: "List a tenant's API keys (never the keys themselves)",
  request: { params: z.object({ id: TenantId }) },
  responses: { 200: { description: "The tenant's keys, newest first", content: json(ApiKeyList) }, ...errors(401, 404, 503) },
});

export const revokeApiKey = createRoute({
  operationId: "revokeApiKey",
  method: "delete",
  path: "/admin/api-keys/{id}",
  tags,
  security,
  summary: "Revoke an API key",
  description:
    "Takes effect at once in the isolate that revokes it; other isolates keep a key for up to 5 seconds " +
    "(ISOLATE_CACHE_TTL_MS), so it may still work there that long. Revoking a revoked key answers the same.",
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "key_01jd0x5v7k2m3n4p5q6r7s8t9v" }) }),
  },
  responses: { 200: { description: "The revoked key", content: json(ApiKeySchema) }, ...errors(401, 404, 503) },
});

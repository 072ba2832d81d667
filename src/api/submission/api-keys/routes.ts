import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { KeyParams, OwnKeyCreate, OwnKeyCreated, OwnKeyList, OwnKeySchema, Rotated, RotateInput } from "./schemas";

const tags = ["API keys"];
const LIMITS =
  "Needs the `api-keys:write` scope. The calling key is the ceiling: a key it creates has only scopes it holds, its own mode, " +
  "no later expiry and no wider IP allowlist; it can revoke or rotate only keys whose scopes it holds.";

export const createOwnApiKey = createRoute({
  operationId: "createOwnApiKey",
  method: "post",
  path: "/api/v1/api-keys",
  tags,
  security,
  summary: "Create an API key",
  description: `The key is shown once, in this answer; only its SHA-256 hash and prefix are stored. ${LIMITS}`,
  request: { body: { required: true, content: json(OwnKeyCreate) } },
  responses: { 201: { description: "The new key, with the key itself", content: json(OwnKeyCreated) }, ...errors() },
});

export const listOwnApiKeys = createRoute({
  operationId: "listOwnApiKeys",
  method: "get",
  path: "/api/v1/api-keys",
  tags,
  security,
  summary: "List the account's API keys of the calling key's mode",
  description: "Prefixes, scopes, expiry, revocation and last use; never the keys. Needs `api-keys:read`.",
  responses: { 200: { description: "Keys, newest first", content: json(OwnKeyList) }, ...errors() },
});

export const getOwnApiKey = createRoute({
  operationId: "getOwnApiKey",
  method: "get",
  path: "/api/v1/api-keys/{key_id}",
  tags,
  security,
  summary: "Get an API key (never the key itself)",
  request: { params: KeyParams },
  responses: { 200: { description: "The key", content: json(OwnKeySchema) }, ...errors(404) },
});

export const revokeOwnApiKey = createRoute({
  operationId: "revokeOwnApiKey",
  method: "delete",
  path: "/api/v1/api-keys/{key_id}",
  tags,
  security,
  summary: "Revoke an API key",
  description: `Takes effect on the next request; revoking a revoked key answers the same. ${LIMITS}`,
  request: { params: KeyParams },
  responses: { 200: { description: "The revoked key", content: json(OwnKeySchema) }, ...errors(404) },
});

export const rotateOwnApiKey = createRoute({
  operationId: "rotateOwnApiKey",
  method: "post",
  path: "/api/v1/api-keys/{key_id}/rotate",
  tags,
  security,
  summary: "Rotate an API key: a new key now, the old one until the overlap ends",
  description:
    "The new key has the old one's name, scopes, mode, allowlist and expiry and is shown once. The old key keeps working " +
    `for \`overlap_seconds\` (never past its own expiry), so both work while the new one is rolled out. A revoked or expired key is 409. ${LIMITS}`,
  request: { params: KeyParams, body: { required: false, content: json(RotateInput) } },
  responses: { 201: { description: "The new key and the old one", content: json(Rotated) }, ...errors(404, 409) },
});

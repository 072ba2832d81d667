import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { AccountChange, AccountSchema } from "./schemas";

export const getAccount = createRoute({
  operationId: "getAccount",
  method: "get",
  path: "/api/v1/account",
  tags: ["Account"],
  security,
  summary: "Who am I: the calling key, its tenant, mode and plan quotas",
  description: "Cheap to call: a way to check a key and read the current quota from the X-RateLimit-* headers.",
  responses: { 200: { description: "The caller", content: json(AccountSchema) }, ...errors() },
});

export const updateAccount = createRoute({
  operationId: "updateAccount",
  method: "patch",
  path: "/api/v1/account",
  tags: ["Account"],
  security,
  summary: "Change the account's settings: the domains it sends email from",
  request: { body: { required: true, content: json(AccountChange) } },
  responses: { 200: { description: "The caller", content: json(AccountSchema) }, ...errors() },
});

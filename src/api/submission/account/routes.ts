import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { AccountSchema } from "./schemas";

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

import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { EmailParams, SuppressionDeleted, SuppressionInput, SuppressionList, SuppressionQuery, SuppressionSchema } from "./schemas";

const tags = ["Suppressions"];

export const addSuppression = createRoute({
  operationId: "addSuppression",
  method: "post",
  path: "/api/v1/suppressions",
  tags,
  security,
  summary: "Never email an address again",
  description: "Adds the address with reason manual; an address already on the list keeps its first reason. Every send checks the list.",
  request: { body: { required: true, content: json(SuppressionInput) } },
  responses: { 201: { description: "The entry", content: json(SuppressionSchema) }, ...errors() },
});

export const listSuppressions = createRoute({
  operationId: "listSuppressions",
  method: "get",
  path: "/api/v1/suppressions",
  tags,
  security,
  summary: "List suppressed addresses, newest first",
  request: { query: SuppressionQuery },
  responses: { 200: { description: "Suppressed addresses", content: json(SuppressionList) }, ...errors() },
});

export const removeSuppression = createRoute({
  operationId: "removeSuppression",
  method: "delete",
  path: "/api/v1/suppressions/{email}",
  tags,
  security,
  summary: "Allow an address again",
  request: { params: EmailParams },
  responses: { 200: { description: "Removed", content: json(SuppressionDeleted) }, ...errors(404) },
});

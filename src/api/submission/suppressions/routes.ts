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
  description:
    "Adds the address, with reason manual, to the list of this key's mode; an address already on it keeps its first reason. " +
    "Every send, live or test, checks both modes' lists: test mode sends real email too.",
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
  description:
    "Only this key's mode: a test key lists what test mode added (by hand, or from unsubscribes, bounces and complaints of " +
    "test-mode email), though sends in either mode also skip the other mode's entries.",
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
  description:
    "Removes the entry of this key's mode (404 if this mode does not list the address). An address the other mode lists " +
    "too stays suppressed for every send until that mode's key removes it as well.",
  request: { params: EmailParams },
  responses: { 200: { description: "Removed", content: json(SuppressionDeleted) }, ...errors(404) },
});

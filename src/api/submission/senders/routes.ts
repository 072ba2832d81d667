import { createRoute, z } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { SenderDeleted, SenderInput, SenderList, SenderSchema } from "./schemas";

const tags = ["Senders"];
const params = z.object({
  sender_id: z
    .string()
    .max(64)
    .openapi({ param: { name: "sender_id", in: "path" }, example: "3c90c3cc-0d44-4b50-8888-8dd25736052a" }),
});

export const createSender = createRoute({
  operationId: "createSender",
  method: "post",
  path: "/api/v1/senders",
  tags,
  security,
  summary: "Create a sender",
  description:
    "A mailbox Leadedge sends from, with its transport, daily limit and send window. from_email must be on one of the account's " +
    "sending_domains; once its domain is removed from them, a send through the sender is a 409 naming from_email. An SMTP host " +
    "on a private, loopback or link-local address is a 400 naming smtp.host, unless the deployment allows private addresses.",
  request: { body: { required: true, content: json(SenderInput) } },
  responses: { 201: { description: "The sender", content: json(SenderSchema) }, ...errors() },
});
export const listSenders = createRoute({
  operationId: "listSenders",
  method: "get",
  path: "/api/v1/senders",
  tags,
  security,
  summary: "List senders",
  responses: { 200: { description: "Senders", content: json(SenderList) }, ...errors() },
});
export const getSender = createRoute({
  operationId: "getSender",
  method: "get",
  path: "/api/v1/senders/{sender_id}",
  tags,
  security,
  summary: "Get a sender",
  request: { params },
  responses: { 200: { description: "The sender", content: json(SenderSchema) }, ...errors(404) },
});
export const updateSender = createRoute({
  operationId: "updateSender",
  method: "patch",
  path: "/api/v1/senders/{sender_id}",
  tags,
  security,
  summary: "Change a sender",
  request: { params, body: { required: true, content: json(SenderInput.partial().openapi("SenderChange")) } },
  responses: { 200: { description: "The sender", content: json(SenderSchema) }, ...errors(404) },
});
export const deleteSender = createRoute({
  operationId: "deleteSender",
  method: "delete",
  path: "/api/v1/senders/{sender_id}",
  tags,
  security,
  summary: "Delete a sender",
  request: { params },
  responses: { 200: { description: "Deleted", content: json(SenderDeleted) }, ...errors(404) },
});

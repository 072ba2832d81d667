import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { MessageInput, MessageList, MessageParams, MessageQuery, MessageSchema } from "./schemas";

const tags = ["Messages"];

export const sendMessage = createRoute({
  operationId: "sendMessage",
  method: "post",
  path: "/api/v1/messages",
  tags,
  security,
  summary: "Send one email to one lead",
  description:
    "Renders the message for the lead and queues it (202); its Workflow sends it inside the sender's window and daily limit, " +
    "retrying transient failures, never twice. " +
    "A suppressed address answers 202 with status suppressed and is not sent. Accepts Idempotency-Key.",
  request: { body: { required: true, content: json(MessageInput) } },
  responses: { 202: { description: "The queued message", content: json(MessageSchema) }, ...errors(409) },
});

export const listMessages = createRoute({
  operationId: "listMessages",
  method: "get",
  path: "/api/v1/messages",
  tags,
  security,
  summary: "List messages, newest first",
  request: { query: MessageQuery },
  responses: { 200: { description: "Messages", content: json(MessageList) }, ...errors() },
});

export const getMessage = createRoute({
  operationId: "getMessage",
  method: "get",
  path: "/api/v1/messages/{message_id}",
  tags,
  security,
  summary: "Get a message with its events",
  request: { params: MessageParams },
  responses: { 200: { description: "The message", content: json(MessageSchema) }, ...errors(404) },
});

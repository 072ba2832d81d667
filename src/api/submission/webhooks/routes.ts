import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  DeliveriesQuery,
  DeliveryList,
  DeliveryParams,
  EndpointCreate,
  EndpointDeleted,
  EndpointList,
  EndpointSchema,
  EndpointUpdate,
  RedeliverySchema,
  SIGNING,
  WebhookParams,
} from "./schemas";

const tags = ["Webhooks"];

export const createWebhookEndpoint = createRoute({
  operationId: "createWebhookEndpoint",
  method: "post",
  path: "/api/v1/webhooks",
  tags,
  security,
  summary: "Register a webhook endpoint",
  description: SIGNING,
  request: { body: { required: true, content: json(EndpointCreate) } },
  responses: { 201: { description: "The endpoint, with its secret", content: json(EndpointSchema) }, ...errors(422) },
});

export const listWebhookEndpoints = createRoute({
  operationId: "listWebhookEndpoints",
  method: "get",
  path: "/api/v1/webhooks",
  tags,
  security,
  summary: "List webhook endpoints",
  responses: { 200: { description: "Endpoints", content: json(EndpointList) }, ...errors() },
});

export const getWebhookEndpoint = createRoute({
  operationId: "getWebhookEndpoint",
  method: "get",
  path: "/api/v1/webhooks/{webhook_id}",
  tags,
  security,
  summary: "Get a webhook endpoint",
  request: { params: WebhookParams },
  responses: { 200: { description: "The endpoint", content: json(EndpointSchema) }, ...errors(404) },
});

export const updateWebhookEndpoint = createRoute({
  operationId: "updateWebhookEndpoint",
  method: "patch",
  path: "/api/v1/webhooks/{webhook_id}",
  tags,
  security,
  summary: "Change, re-enable or rotate the secret of a webhook endpoint",
  request: { params: WebhookParams, body: { required: true, content: json(EndpointUpdate) } },
  responses: { 200: { description: "The endpoint", content: json(EndpointSchema) }, ...errors(404) },
});

export const deleteWebhookEndpoint = createRoute({
  operationId: "deleteWebhookEndpoint",
  method: "delete",
  path: "/api/v1/webhooks/{webhook_id}",
  tags,
  security,
  summary: "Delete a webhook endpoint",
  request: { params: WebhookParams },
  responses: { 200: { description: "Deleted", content: json(EndpointDeleted) }, ...errors(404) },
});

export const listWebhookDeliveries = createRoute({
  operationId: "listWebhookDeliveries",
  method: "get",
  path: "/api/v1/webhooks/{webhook_id}/deliveries",
  tags,
  security,
  summary: "Delivery attempts to an endpoint, newest first",
  request: { params: WebhookParams, query: DeliveriesQuery },
  responses: {
    200: { description: "Attempts with status code, duration, error and next retry", content: json(DeliveryList) },
    ...errors(404),
  },
});

export const redeliverWebhook = createRoute({
  operationId: "redeliverWebhook",
  method: "post",
  path: "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
  tags,
  security,
  summary: "Send a delivery's event again",
  request: { params: DeliveryParams },
  responses: { 202: { description: "Queued", content: json(RedeliverySchema) }, ...errors(404, 409, 422) },
});

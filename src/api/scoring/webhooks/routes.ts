import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  DeliveriesQuery,
  DeliveryList,
  DeliveryParams,
  EndpointCreate,
  EndpointDeletedResponse,
  EndpointList,
  EndpointResponse,
  EndpointUpdate,
  RedeliveryResponse,
  SIGNING,
  WebhookParams,
} from "./schemas";

const tags = ["Webhooks"];

export const createWebhookEndpoint = createRoute({
  operationId: "createWebhookEndpointScoring",
  method: "post",
  path: "/v1/webhooks",
  tags,
  security,
  summary: "Register a webhook endpoint",
  description: SIGNING,
  request: { body: { required: true, content: json(EndpointCreate) } },
  responses: { 201: { description: "The endpoint, with its secret", content: json(EndpointResponse) }, ...errors(422) },
});

export const listWebhookEndpoints = createRoute({
  operationId: "listWebhookEndpointsScoring",
  method: "get",
  path: "/v1/webhooks",
  tags,
  security,
  summary: "List webhook endpoints",
  responses: { 200: { description: "Endpoints", content: json(EndpointList) }, ...errors() },
});

export const getWebhookEndpoint = createRoute({
  operationId: "getWebhookEndpointScoring",
  method: "get",
  path: "/v1/webhooks/{webhook_id}",
  tags,
  security,
  summary: "Get a webhook endpoint",
  request: { params: WebhookParams },
  responses: { 200: { description: "The endpoint", content: json(EndpointResponse) }, ...errors(404) },
});

export const updateWebhookEndpoint = createRoute({
  operationId: "updateWebhookEndpointScoring",
  method: "patch",
  path: "/v1/webhooks/{webhook_id}",
  tags,
  security,
  summary: "Change, re-enable or rotate the secret of a webhook endpoint",
  request: { params: WebhookParams, body: { required: true, content: json(EndpointUpdate) } },
  responses: { 200: { description: "The endpoint", content: json(EndpointResponse) }, ...errors(404) },
});

export const deleteWebhookEndpoint = createRoute({
  operationId: "deleteWebhookEndpointScoring",
  method: "delete",
  path: "/v1/webhooks/{webhook_id}",
  tags,
  security,
  summary: "Delete a webhook endpoint",
  request: { params: WebhookParams },
  responses: { 200: { description: "Deleted", content: json(EndpointDeletedResponse) }, ...errors(404) },
});

export const listWebhookDeliveries = createRoute({
  operationId: "listWebhookDeliveriesScoring",
  method: "get",
  path: "/v1/webhooks/{webhook_id}/deliveries",
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
  operationId: "redeliverWebhookScoring",
  method: "post",
  path: "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
  tags,
  security,
  summary: "Send a delivery's event again",
  request: { params: DeliveryParams },
  responses: { 202: { description: "Queued", content: json(RedeliveryResponse) }, ...errors(404, 409, 422) },
});

import { createRoute, z } from "@hono/zod-openapi";
import * as deliveries from "../../../domain/webhooks/deliveries";
import * as endpoints from "../../../domain/webhooks/endpoints";
import { idParam, json } from "../../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../../platform/openapi-errors";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";
import { DeliverySchema, EndpointCreate, EndpointSchema, EndpointUpdate, RedeliverySchema, renderDelivery, renderEndpoint } from "./schemas";

type Dialect = "scoring" | "submission";

/**
 * Webhook endpoints are one resource served in two families: the scoring seed's `/v1/webhooks`
 * (`{ status: "success", data }`) and the submission seed's `/api/v1/webhooks` (the resource itself).
 */
function dialectWebhooksRouter(dialect: Dialect, base: "/v1/webhooks" | "/api/v1/webhooks") {
  const scoring = dialect === "scoring";
  const tags = ["Webhooks"];
  const security = [{ apiKey: [] }];
  const op = (name: string) => (scoring ? `${name}Scoring` : name);
  const errors = (...extra: number[]) => errorResponses(dialect, [...TENANT_ROUTE_ERRORS, ...extra]);
  const body = <T extends z.ZodType>(schema: T, name: string) => (scoring ? z.object({ status: z.literal("success"), data: schema }).openapi(`Scoring${name}`) : schema);
  const wrap = <T>(data: T) => (scoring ? { status: "success" as const, data } : data) as never;
  const params = idParam("webhook_id", "whk_01jd0x5v7k2m3n4p5q6r7s8t9v");
  const deliveryParams = params.extend({ delivery_id: z.string().max(64).openapi({ param: { name: "delivery_id", in: "path" }, example: "dlv_01jd0x5v7k2m3n4p5q6r7s8t9v" }) });

  const create = createRoute({
    operationId: op("createWebhookEndpoint"), method: "post", path: base, tags, security,
    summary: "Register a webhook endpoint",
    description: "Deliveries are signed (Standard Webhooks headers webhook-id, webhook-timestamp, webhook-signature; plus X-Leadedge-Signature: sha256=<hex HMAC of the body>) and retried up to 5 times with backoff.",
    request: { body: { required: true, content: json(EndpointCreate) } },
    responses: { 201: { description: "The endpoint, with its secret", content: json(body(EndpointSchema, "WebhookEndpoint")) }, ...errors(422) },
  });
  const list = createRoute({
    operationId: op("listWebhookEndpoints"), method: "get", path: base, tags, security,
    summary: "List webhook endpoints",
    responses: { 200: { description: "Endpoints", content: json(scoring ? body(z.array(EndpointSchema), "WebhookEndpointList") : z.object({ webhooks: z.array(EndpointSchema) }).openapi("WebhookEndpointList")) }, ...errors() },
  });
  const get = createRoute({
    operationId: op("getWebhookEndpoint"), method: "get", path: `${base}/{webhook_id}`, tags, security,
    summary: "Get a webhook endpoint",
    request: { params },
    responses: { 200: { description: "The endpoint", content: json(body(EndpointSchema, "WebhookEndpoint")) }, ...errors(404) },
  });
  const update = createRoute({
    operationId: op("updateWebhookEndpoint"), method: "patch", path: `${base}/{webhook_id}`, tags, security,
    summary: "Change, re-enable or rotate the secret of a webhook endpoint",
    request: { params, body: { required: true, content: json(EndpointUpdate) } },
    responses: { 200: { description: "The endpoint", content: json(body(EndpointSchema, "WebhookEndpoint")) }, ...errors(404) },
  });
  const remove = createRoute({
    operationId: op("deleteWebhookEndpoint"), method: "delete", path: `${base}/{webhook_id}`, tags, security,
    summary: "Delete a webhook endpoint",
    request: { params },
    responses: { 200: { description: "Deleted", content: json(body(z.object({ id: z.string(), deleted: z.literal(true) }), "WebhookEndpointDeleted")) }, ...errors(404) },
  });
  const listDeliveries = createRoute({
    operationId: op("listWebhookDeliveries"), method: "get", path: `${base}/{webhook_id}/deliveries`, tags, security,
    summary: "Delivery attempts to an endpoint, newest first",
    request: { params, query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    responses: { 200: { description: "Attempts with status code, duration, error and next retry", content: json(scoring ? body(z.array(DeliverySchema), "WebhookDeliveryList") : z.object({ deliveries: z.array(DeliverySchema) }).openapi("WebhookDeliveryList")) }, ...errors(404) },
  });
  const redeliver = createRoute({
    operationId: op("redeliverWebhook"), method: "post", path: `${base}/{webhook_id}/deliveries/{delivery_id}/redeliver`, tags, security,
    summary: "Send a delivery's event again",
    request: { params: deliveryParams },
    responses: { 202: { description: "Queued", content: json(body(RedeliverySchema, "WebhookRedelivery")) }, ...errors(404, 409, 422) },
  });

  return createRouter()
    .openapi(create, async (c) => c.json(wrap(renderEndpoint(await endpoints.createEndpoint(tenantCtxOf(c), c.req.valid("json")), true)), 201))
    .openapi(list, async (c) => {
      const rendered = (await endpoints.listEndpoints(tenantCtxOf(c))).map((e) => renderEndpoint(e));
      return c.json(scoring ? wrap(rendered) : ({ webhooks: rendered } as never), 200);
    })
    .openapi(get, async (c) => c.json(wrap(renderEndpoint(await endpoints.getEndpoint(tenantCtxOf(c), c.req.valid("param").webhook_id))), 200))
    .openapi(update, async (c) => {
      const change = c.req.valid("json");
      const endpoint = await endpoints.updateEndpoint(tenantCtxOf(c), c.req.valid("param").webhook_id, change);
      return c.json(wrap(renderEndpoint(endpoint, change.rotate_secret === true)), 200);
    })
    .openapi(remove, async (c) => {
      const { webhook_id } = c.req.valid("param");
      await endpoints.deleteEndpoint(tenantCtxOf(c), webhook_id);
      return c.json(wrap({ id: webhook_id, deleted: true }), 200);
    })
    .openapi(listDeliveries, async (c) => {
      const rows = (await deliveries.listDeliveries(tenantCtxOf(c), c.req.valid("param").webhook_id, c.req.valid("query").limit)).map(renderDelivery);
      return c.json(scoring ? wrap(rows) : ({ deliveries: rows } as never), 200);
    })
    .openapi(redeliver, async (c) => {
      const { webhook_id, delivery_id } = c.req.valid("param");
      return c.json(wrap(await deliveries.redeliver(tenantCtxOf(c), webhook_id, delivery_id)), 202);
    });
}

export const scoringWebhooksRouter = dialectWebhooksRouter("scoring", "/v1/webhooks");
export const webhooksRouter = dialectWebhooksRouter("submission", "/api/v1/webhooks");

import * as deliveries from "../../../domain/webhooks/deliveries";
import * as endpoints from "../../../domain/webhooks/endpoints";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderDelivery, renderEndpoint } from "./schemas";

export const createWebhookEndpoint: AppRouteHandler<typeof routes.createWebhookEndpoint> = async (c) => {
  const endpoint = await endpoints.createEndpoint(tenantCtxOf(c), c.req.valid("json"));
  return c.json(renderEndpoint(endpoint, true), 201);
};

export const listWebhookEndpoints: AppRouteHandler<typeof routes.listWebhookEndpoints> = async (c) => {
  const list = await endpoints.listEndpoints(tenantCtxOf(c));
  return c.json({ webhooks: list.map((e) => renderEndpoint(e)) }, 200);
};

export const getWebhookEndpoint: AppRouteHandler<typeof routes.getWebhookEndpoint> = async (c) => {
  return c.json(renderEndpoint(await endpoints.getEndpoint(tenantCtxOf(c), c.req.valid("param").webhook_id)), 200);
};

export const updateWebhookEndpoint: AppRouteHandler<typeof routes.updateWebhookEndpoint> = async (c) => {
  const change = c.req.valid("json");
  const endpoint = await endpoints.updateEndpoint(tenantCtxOf(c), c.req.valid("param").webhook_id, change);
  return c.json(renderEndpoint(endpoint, change.rotate_secret === true), 200);
};

export const deleteWebhookEndpoint: AppRouteHandler<typeof routes.deleteWebhookEndpoint> = async (c) => {
  const { webhook_id } = c.req.valid("param");
  await endpoints.deleteEndpoint(tenantCtxOf(c), webhook_id);
  return c.json({ id: webhook_id, deleted: true as const }, 200);
};

export const listWebhookDeliveries: AppRouteHandler<typeof routes.listWebhookDeliveries> = async (c) => {
  const rows = await deliveries.listDeliveries(tenantCtxOf(c), c.req.valid("param").webhook_id, c.req.valid("query").limit);
  return c.json({ deliveries: rows.map(renderDelivery) }, 200);
};

export const redeliverWebhook: AppRouteHandler<typeof routes.redeliverWebhook> = async (c) => {
  const { webhook_id, delivery_id } = c.req.valid("param");
  return c.json(await deliveries.redeliver(tenantCtxOf(c), webhook_id, delivery_id), 202);
};

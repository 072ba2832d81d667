import * as senders from "../../../domain/email/senders";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderSender } from "./schemas";

export const createSender: AppRouteHandler<typeof routes.createSender> = async (c) => {
  return c.json(renderSender(await senders.createSender(tenantCtxOf(c), c.req.valid("json"))), 201);
};

export const listSenders: AppRouteHandler<typeof routes.listSenders> = async (c) => {
  return c.json({ senders: (await senders.listSenders(tenantCtxOf(c))).map(renderSender) }, 200);
};

export const getSender: AppRouteHandler<typeof routes.getSender> = async (c) => {
  return c.json(renderSender(await senders.getSender(tenantCtxOf(c), c.req.valid("param").sender_id)), 200);
};

export const updateSender: AppRouteHandler<typeof routes.updateSender> = async (c) => {
  return c.json(renderSender(await senders.updateSender(tenantCtxOf(c), c.req.valid("param").sender_id, c.req.valid("json"))), 200);
};

export const deleteSender: AppRouteHandler<typeof routes.deleteSender> = async (c) => {
  const { sender_id } = c.req.valid("param");
  await senders.deleteSender(tenantCtxOf(c), sender_id);
  return c.json({ id: sender_id, deleted: true as const }, 200);
};

import * as messages from "../../../domain/email/messages";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderMessage } from "./schemas";

export const sendMessage: AppRouteHandler<typeof routes.sendMessage> = async (c) => {
  const message = await messages.sendMessage(tenantCtxOf(c), c.req.valid("json"), new URL(c.req.url).origin);
  return c.json(renderMessage(message, []), 202);
};

export const listMessages: AppRouteHandler<typeof routes.listMessages> = async (c) => {
  const query = c.req.valid("query");
  return c.json(
    {
      messages: (await messages.listMessages(tenantCtxOf(c), query)).map((m) => renderMessage(m)),
      limit: query.limit,
      offset: query.offset,
    },
    200,
  );
};

export const getMessage: AppRouteHandler<typeof routes.getMessage> = async (c) => {
  const { message, events } = await messages.getMessage(tenantCtxOf(c), c.req.valid("param").message_id);
  return c.json(renderMessage(message, events), 200);
};

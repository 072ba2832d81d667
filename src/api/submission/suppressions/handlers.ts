import * as suppressions from "../../../domain/email/suppressions";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderSuppression } from "./schemas";

export const addSuppression: AppRouteHandler<typeof routes.addSuppression> = async (c) => {
  return c.json(renderSuppression(await suppressions.addSuppression(tenantCtxOf(c), c.req.valid("json").email)), 201);
};

export const listSuppressions: AppRouteHandler<typeof routes.listSuppressions> = async (c) => {
  const query = c.req.valid("query");
  const rows = await suppressions.listSuppressions(tenantCtxOf(c), query);
  return c.json({ suppressions: rows.map(renderSuppression), limit: query.limit, offset: query.offset }, 200);
};

export const removeSuppression: AppRouteHandler<typeof routes.removeSuppression> = async (c) => {
  const { email } = c.req.valid("param");
  await suppressions.removeSuppression(tenantCtxOf(c), email);
  return c.json({ email: email.toLowerCase(), deleted: true as const }, 200);
};

import { leadAnalytics } from "../../../domain/analytics/analytics";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";

export const getAnalytics: AppRouteHandler<typeof routes.getAnalytics> = async (c) => {
  return c.json(await leadAnalytics(tenantCtxOf(c), c.req.valid("query")), 200);
};

import type { AppRouteHandler } from "../../../platform/router";
import type * as routes from "./routes";
import { renderAccount } from "./schemas";

export const getAccount: AppRouteHandler<typeof routes.getAccount> = (c) => {
  return c.json(renderAccount(c.var.caller), 200);
};

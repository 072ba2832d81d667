import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const accountRouter = createRouter()
  .openapi(routes.getAccount, handlers.getAccount)
  .openapi(routes.getAccountUsage, handlers.getAccountUsage)
  .openapi(routes.updateAccount, handlers.updateAccount);

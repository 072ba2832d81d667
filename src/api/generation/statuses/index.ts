import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const statusesRouter = createRouter()
  .openapi(routes.createStatuses, handlers.createStatuses)
  .openapi(routes.listStatuses, handlers.listStatuses)
  .openapi(routes.getStatus, handlers.getStatus)
  .openapi(routes.updateStatus, handlers.updateStatus)
  .openapi(routes.deleteStatus, handlers.deleteStatus);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const suppressionsRouter = createRouter()
  .openapi(routes.addSuppression, handlers.addSuppression)
  .openapi(routes.listSuppressions, handlers.listSuppressions)
  .openapi(routes.removeSuppression, handlers.removeSuppression);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const providersRouter = createRouter()
  .openapi(routes.createProvider, handlers.createProvider)
  .openapi(routes.listProviders, handlers.listProviders)
  .openapi(routes.getProvider, handlers.getProvider)
  .openapi(routes.updateProvider, handlers.updateProvider)
  .openapi(routes.deleteProvider, handlers.deleteProvider);

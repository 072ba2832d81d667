import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const apiKeysRouter = createRouter()
  .openapi(routes.createOwnApiKey, handlers.createOwnApiKey)
  .openapi(routes.listOwnApiKeys, handlers.listOwnApiKeys)
  .openapi(routes.getOwnApiKey, handlers.getOwnApiKey)
  .openapi(routes.revokeOwnApiKey, handlers.revokeOwnApiKey)
  .openapi(routes.rotateOwnApiKey, handlers.rotateOwnApiKey);

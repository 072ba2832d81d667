import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const sequencesRouter = createRouter()
  .openapi(routes.createDefinition, handlers.createDefinition)
  .openapi(routes.listDefinitions, handlers.listDefinitions)
  .openapi(routes.getDefinition, handlers.getDefinition)
  .openapi(routes.updateDefinition, handlers.updateDefinition)
  .openapi(routes.patchDefinition, handlers.patchDefinition)
  .openapi(routes.deleteDefinition, handlers.deleteDefinition)
  .openapi(routes.activateDefinition, handlers.activateDefinition)
  .openapi(routes.deactivateDefinition, handlers.deactivateDefinition)
  .openapi(routes.listVersions, handlers.listVersions)
  .openapi(routes.getStats, handlers.getStats);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const sequencesRouter = createRouter()
  .openapi(routes.createDefinition, handlers.createDefinition)
  .openapi(routes.listDefinitions, handlers.listDefinitions)
  .openapi(routes.getDefinition, handlers.getDefinition)
  .openapi(routes.updateDefinition, handlers.updateDefinition)
  .openapi(routes.deleteDefinition, handlers.deleteDefinition);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const leadGenerationRouter = createRouter()
  .openapi(routes.createLeadGeneration, handlers.createLeadGeneration)
  .openapi(routes.createLeadGenerationCommand, handlers.createLeadGenerationCommand)
  .openapi(routes.getCommand, handlers.getCommand)
  .openapi(routes.getStatus, handlers.getStatus)
  .openapi(routes.getLeads, handlers.getLeads)
  .openapi(routes.cancel, handlers.cancel);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const opportunitiesRouter = createRouter()
  .openapi(routes.createOpportunity, handlers.createOpportunity)
  .openapi(routes.listOpportunities, handlers.listOpportunities)
  .openapi(routes.getOpportunity, handlers.getOpportunity)
  .openapi(routes.updateOpportunity, handlers.updateOpportunity)
  .openapi(routes.deleteOpportunity, handlers.deleteOpportunity);

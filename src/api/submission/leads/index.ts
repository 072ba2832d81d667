import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const leadsRouter = createRouter()
  .openapi(routes.submitLead, handlers.submitLead)
  .openapi(routes.submitBatch, handlers.submitBatch)
  .openapi(routes.getLead, handlers.getLead)
  .openapi(routes.updateLead, handlers.updateLead)
  .openapi(routes.searchLeads, handlers.searchLeads)
  .openapi(routes.leadFeedback, handlers.leadFeedback);

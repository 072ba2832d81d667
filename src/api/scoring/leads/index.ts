import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const leadsRouter = createRouter()
  .openapi(routes.analyzeLeads, handlers.analyzeLeads)
  .openapi(routes.getScoredLead, handlers.getScoredLead);

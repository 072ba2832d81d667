import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const sitesRouter = createRouter()
  .openapi(routes.createSite, handlers.createSite)
  .openapi(routes.listSites, handlers.listSites)
  .openapi(routes.getSite, handlers.getSite)
  .openapi(routes.updateSite, handlers.updateSite)
  .openapi(routes.deleteSite, handlers.deleteSite);

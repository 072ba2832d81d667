import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const landingPagesRouter = createRouter()
  .openapi(routes.createPage, handlers.createPage)
  .openapi(routes.listPages, handlers.listPages)
  .openapi(routes.getPage, handlers.getPage)
  .openapi(routes.updatePage, handlers.updatePage)
  .openapi(routes.publishPage, handlers.publishPage)
  .openapi(routes.unpublishPage, handlers.unpublishPage)
  .openapi(routes.deletePage, handlers.deletePage);

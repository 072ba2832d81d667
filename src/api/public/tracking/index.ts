import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const trackingRouter = createRouter()
  .openapi(routes.openPixel, handlers.openPixel)
  .openapi(routes.clickLink, handlers.clickLink)
  .openapi(routes.unsubscribePage, handlers.unsubscribePage)
  .openapi(routes.unsubscribe, handlers.unsubscribe);

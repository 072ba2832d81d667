import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const messagesRouter = createRouter()
  .openapi(routes.sendMessage, handlers.sendMessage)
  .openapi(routes.listMessages, handlers.listMessages)
  .openapi(routes.getMessage, handlers.getMessage);

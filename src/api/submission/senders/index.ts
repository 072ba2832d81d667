import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const sendersRouter = createRouter()
  .openapi(routes.createSender, handlers.createSender)
  .openapi(routes.listSenders, handlers.listSenders)
  .openapi(routes.getSender, handlers.getSender)
  .openapi(routes.updateSender, handlers.updateSender)
  .openapi(routes.deleteSender, handlers.deleteSender);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const campaignSendsRouter = createRouter()
  .openapi(routes.sendStep, handlers.sendStep)
  .openapi(routes.getSendBatch, handlers.getSendBatch)
  .openapi(routes.runAsSequence, handlers.runAsSequence);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const flowsRouter = createRouter()
  .openapi(routes.createFlow, handlers.createFlow)
  .openapi(routes.listFlows, handlers.listFlows)
  .openapi(routes.getFlow, handlers.getFlow)
  .openapi(routes.updateFlow, handlers.updateFlow)
  .openapi(routes.updateFlowSettings, handlers.updateFlowSettings)
  .openapi(routes.archiveFlow, handlers.archiveFlow)
  .openapi(routes.getFlowCaps, handlers.getFlowCaps)
  .openapi(routes.explainRules, handlers.explainRules)
  .openapi(routes.listRecipients, handlers.listRecipients)
  .openapi(routes.resumeRecipient, handlers.resumeRecipient)
  .openapi(routes.flowEvents, handlers.flowEvents);

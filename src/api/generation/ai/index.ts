import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const aiRouter = createRouter()
  .openapi(routes.generateSequence, handlers.generateSequence)
  .openapi(routes.generateLandingPage, handlers.generateLandingPage)
  .openapi(routes.generateStatuses, handlers.generateStatuses)
  .openapi(routes.generateStages, handlers.generateStages);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const modelsRouter = createRouter()
  .openapi(routes.getScoringSettings, handlers.getScoringSettings)
  .openapi(routes.updateScoringSettings, handlers.updateScoringSettings)
  .openapi(routes.trainModel, handlers.trainModel)
  .openapi(routes.listModels, handlers.listModels)
  .openapi(routes.getModel, handlers.getModel);

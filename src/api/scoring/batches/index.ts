import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const batchesRouter = createRouter()
  .openapi(routes.scoreLeadBatch, handlers.scoreLeadBatch)
  .openapi(routes.getLeadBatch, handlers.getLeadBatch);

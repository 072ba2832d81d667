import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const outcomesRouter = createRouter()
  .openapi(routes.recordLeadOutcome, handlers.recordLeadOutcome)
  .openapi(routes.recordLeadOutcomes, handlers.recordLeadOutcomes);

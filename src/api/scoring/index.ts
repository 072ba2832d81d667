import { createRouter } from "../../platform/router";
import { batchesRouter } from "./batches";
import { leadsRouter } from "./leads";
import { modelsRouter } from "./models";
import { outcomesRouter } from "./outcomes";
import { scoringWebhooksRouter } from "./webhooks";

/**
 * Scoring (`/v1/leads*`, `/v1/webhooks*`, `/v1/models*`): `{ status: "success", data }`.
 * Outcomes and batches come before leads, so `/v1/leads/outcomes` and `/v1/leads/batch` are not read as a lead id.
 */
export const scoringRouter = createRouter()
  .route("/", scoringWebhooksRouter)
  .route("/", outcomesRouter)
  .route("/", batchesRouter)
  .route("/", modelsRouter)
  .route("/", leadsRouter);

import { createRouter } from "../../platform/router";
import { accountRouter } from "./account";
import { analyticsRouter } from "./analytics";
import { campaignsRouter } from "./campaigns";
import { flowsRouter } from "./flows";
import { formsRouter } from "./forms";
import { leadsRouter } from "./leads";
import { webhooksRouter } from "./webhooks";

/** Lead submission & campaigns (`/api/v1/*`): the resource itself on success, `{ error }` on failure. */
export const submissionRouter = createRouter()
  .route("/", accountRouter)
  .route("/", flowsRouter)
  .route("/", leadsRouter)
  .route("/", analyticsRouter)
  .route("/", formsRouter)
  .route("/", campaignsRouter)
  .route("/", webhooksRouter);

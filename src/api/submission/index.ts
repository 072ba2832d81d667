import { createRouter } from "../../platform/router";
import { accountRouter } from "./account";
import { analyticsRouter } from "./analytics";
import { apiKeysRouter } from "./api-keys";
import { campaignSendsRouter } from "./campaign-sends";
import { campaignsRouter } from "./campaigns";
import { flowsRouter } from "./flows";
import { formsRouter } from "./forms";
import { leadsRouter } from "./leads";
import { messagesRouter } from "./messages";
import { sendersRouter } from "./senders";
import { suppressionsRouter } from "./suppressions";
import { webhooksRouter } from "./webhooks";

/** Lead submission & campaigns (`/api/v1/*`): the resource itself on success, `{ error }` on failure. */
export const submissionRouter = createRouter()
  .route("/", accountRouter)
  .route("/", flowsRouter)
  .route("/", leadsRouter)
  .route("/", analyticsRouter)
  .route("/", formsRouter)
  .route("/", sendersRouter)
  .route("/", messagesRouter)
  .route("/", suppressionsRouter)
  .route("/", campaignsRouter)
  .route("/", campaignSendsRouter)
  .route("/", webhooksRouter)
  .route("/", apiKeysRouter);

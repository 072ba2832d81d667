import { createRouter } from "../../platform/router";
import { formPostsRouter } from "./form-posts";
import { pageVisitsRouter } from "./page-visits";
import { systemRouter } from "./system";
import { trackingRouter } from "./tracking";

/** Public routes, no API key: form posts, landing-page visits, email tracking, /healthz, /openapi.json and /docs. */
export const publicRouter = createRouter()
  .route("/", systemRouter)
  .route("/", formPostsRouter)
  .route("/", pageVisitsRouter)
  .route("/", trackingRouter);

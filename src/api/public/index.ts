import { createRouter } from "../../platform/router";
import { formPostsRouter } from "./form-posts";
import { pageVisitsRouter } from "./page-visits";
import { systemRouter } from "./system";

/** Public routes, no API key: form posts, landing-page visits, /healthz, /openapi.json and /docs. */
export const publicRouter = createRouter().route("/", systemRouter).route("/", formPostsRouter).route("/", pageVisitsRouter);

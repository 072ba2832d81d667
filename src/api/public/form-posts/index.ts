import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

/** Public form posts from landing pages; the only way in without an API key. */
export const formPostsRouter = createRouter().openapi(routes.preflight, handlers.preflight).openapi(routes.post, handlers.post);

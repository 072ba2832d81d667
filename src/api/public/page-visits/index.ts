import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const pageVisitsRouter = createRouter().openapi(routes.servePage, handlers.servePage);

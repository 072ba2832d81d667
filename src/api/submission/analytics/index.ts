import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const analyticsRouter = createRouter().openapi(routes.getAnalytics, handlers.getAnalytics);

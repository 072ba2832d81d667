import { createRouter } from "../../../platform/router";
import { htmlSecurityHeaders } from "../../../platform/security";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const systemRouter = createRouter().openapi(routes.health, handlers.health).get("/docs", htmlSecurityHeaders, handlers.docs);

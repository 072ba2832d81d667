import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const tenantsRouter = createRouter()
  .openapi(routes.createTenant, handlers.createTenant)
  .openapi(routes.listTenants, handlers.listTenants)
  .openapi(routes.getTenant, handlers.getTenant)
  .openapi(routes.updateTenant, handlers.updateTenant);

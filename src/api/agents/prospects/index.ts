import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const prospectsRouter = createRouter()
  .openapi(routes.importPool, handlers.importPool)
  .openapi(routes.listCompanies, handlers.listCompanies)
  .openapi(routes.listContacts, handlers.listContacts)
  .openapi(routes.deleteCompany, handlers.deleteCompany)
  .openapi(routes.deleteContact, handlers.deleteContact);

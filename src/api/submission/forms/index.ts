import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const formsRouter = createRouter()
  .openapi(routes.createForm, handlers.createForm)
  .openapi(routes.listForms, handlers.listForms)
  .openapi(routes.getForm, handlers.getForm)
  .openapi(routes.updateForm, handlers.updateForm)
  .openapi(routes.deleteForm, handlers.deleteForm);

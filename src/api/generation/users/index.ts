import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const usersRouter = createRouter()
  .openapi(routes.createUser, handlers.createUser)
  .openapi(routes.listUsers, handlers.listUsers)
  .openapi(routes.getUser, handlers.getUser)
  .openapi(routes.updateUser, handlers.updateUser)
  .openapi(routes.deleteUser, handlers.deleteUser);

import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const enrollmentsRouter = createRouter()
  .openapi(routes.enroll, handlers.enroll)
  .openapi(routes.listEnrollments, handlers.listEnrollments)
  .openapi(routes.getEnrollment, handlers.getEnrollment)
  .openapi(routes.pauseEnrollment, handlers.pauseEnrollment)
  .openapi(routes.resumeEnrollment, handlers.resumeEnrollment)
  .openapi(routes.cancelEnrollment, handlers.cancelEnrollment)
  .openapi(routes.pauseSequence, handlers.pauseSequence)
  .openapi(routes.resumeSequence, handlers.resumeSequence);

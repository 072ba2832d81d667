import { createRouter } from "../../platform/router";
import { aiRouter } from "./ai";
import { enrollmentsRouter } from "./enrollments";
import { landingPagesRouter } from "./landing-pages";
import { opportunitiesRouter } from "./opportunities";
import { sequencesRouter } from "./sequences";
import { sitesRouter } from "./sites";
import { statusesRouter } from "./statuses";
import { usersRouter } from "./users";

/** Generation & config (`/v1/*` but scoring's paths): `{ success: true, data, message }`. */
export const generationRouter = createRouter()
  .route("/", sitesRouter)
  .route("/", usersRouter)
  .route("/", statusesRouter)
  .route("/", opportunitiesRouter)
  .route("/", aiRouter)
  .route("/", sequencesRouter)
  .route("/", enrollmentsRouter)
  .route("/", landingPagesRouter);

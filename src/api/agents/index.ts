import { createRouter } from "../../platform/router";
import { leadGenerationRouter } from "./lead-generation";
import { prospectsRouter } from "./prospects";
import { providersRouter } from "./providers";

/** Lead-generation agents (`/api/agents/sales/*`): `{ success: true, data }`. */
export const agentsRouter = createRouter().route("/", leadGenerationRouter).route("/", providersRouter).route("/", prospectsRouter);

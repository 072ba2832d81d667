import { createRouter } from "../../platform/router";
import { apiKeysRouter } from "./api-keys";
import { tenantsRouter } from "./tenants";

/** Operators (`/admin/*`, behind the ADMIN_TOKEN secret): tenants, plans and API keys. */
export const operatorsRouter = createRouter().route("/", tenantsRouter).route("/", apiKeysRouter);

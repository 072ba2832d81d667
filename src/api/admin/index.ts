import { createRouter } from "../../platform/router";
import { apiKeysRouter } from "./api-keys";
import { tenantsRouter } from "./tenants";

/** Operators' API: tenants, plans and API keys, behind the ADMIN_TOKEN secret. */
export const adminRouter = createRouter().route("/", tenantsRouter).route("/", apiKeysRouter);

import { errorResponses, TENANT_ROUTE_ERRORS } from "../../platform/openapi-errors";

/** Every submission route takes an API key. */
export const security = [{ apiKey: [] }];

/** A submission route's documented errors: the tenant route errors plus `extra`. */
export const errors = (...extra: number[]) => errorResponses("submission", [...TENANT_ROUTE_ERRORS, ...extra]);

import { errorResponses } from "../../platform/openapi-errors";

/** Every operator route takes the admin token. */
export const security = [{ adminToken: [] }];

/** An operator route's documented errors (operators have no tenant route errors: each lists its own). */
export const errors = (...statuses: number[]) => errorResponses("operators", statuses);

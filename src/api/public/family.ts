import { errorResponses } from "../../platform/openapi-errors";

/** Public routes take no API key. */
export const security = [];

/** The public family's error answers for a route with its own descriptions of some statuses. */
export const errorsWith =
  (descriptions: Record<number, string>) =>
  (...statuses: number[]) =>
    errorResponses("public", statuses, descriptions);

/** The error answers a public route documents. */
export const errors = errorsWith({});

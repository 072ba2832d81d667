import { errorResponses, TENANT_ROUTE_ERRORS } from "../../platform/openapi-errors";

/** What the lead-generation agents family's routes have in common: an API key, its error dialect, its success body. */
export const security = [{ apiKey: [] }];

/** The family's error answers for a route with its own descriptions of some statuses. */
export const errorsWith =
  (descriptions: Record<number, string>) =>
  (...extra: number[]) =>
    errorResponses("agents", [...TENANT_ROUTE_ERRORS, ...extra], descriptions);

/** The error answers of every tenant route, and those a route adds. */
export const errors = errorsWith({});

/** `{ success: true, data }` (and `message` when given). */
export function ok<T>(data: T): { success: true; data: T };
export function ok<T>(data: T, message: string): { success: true; data: T; message: string };
export function ok<T>(data: T, message?: string) {
  return message === undefined ? { success: true as const, data } : { success: true as const, data, message };
}

import { z } from "@hono/zod-openapi";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../platform/openapi-errors";

/** What every scoring route repeats. Kept apart from index.ts, which imports the resources that import this. */
export const security = [{ apiKey: [] }];

export const errors = (...extra: number[]) => errorResponses("scoring", [...TENANT_ROUTE_ERRORS, ...extra]);

/** `{ status: "success", data }`: the scoring family's success body. */
export const ok = <T>(data: T) => ({ status: "success" as const, data });

export function successBody<T extends z.ZodType>(data: T, name: string) {
  return z.object({ status: z.literal("success"), data }).openapi(name);
}

import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { configOf } from "./config";
import { secretsEqual } from "./crypto";
import { ApiError } from "./errors";

/** Operator routes need the ADMIN_TOKEN secret; with none configured they are switched off (503). */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const expected = configOf(c.env).adminToken;
  if (!expected) throw new ApiError("service_unavailable", "The admin API is disabled: set the ADMIN_TOKEN secret to enable it");
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "");
  if (!match?.[1] || !(await secretsEqual(match[1], expected))) {
    throw new ApiError("unauthorized", "A valid admin token is required: Authorization: Bearer <ADMIN_TOKEN>", [
      { field: "Authorization", code: "invalid_credentials", message: "Missing or wrong admin token" },
    ]);
  }
  await next();
});

import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env";
import { throwOnInvalid } from "./validation";

/** Every router comes from here, so every validation failure takes the same error path. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: throwOnInvalid });
}

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

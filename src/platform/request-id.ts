import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "./app-env";
import { configOf } from "./config";
import { familyOf } from "./families";
import { newId } from "./ids";
import { type LogFields, log } from "./log";
import { ServerTiming } from "./server-timing";

const CLIENT_ID = /^[\w.:-]{1,128}$/;

/** The route pattern that answered (`/api/v1/leads/:lead_id`): the last matched handler that is not middleware. */
function routeOf(c: Context<AppEnv>): string | undefined {
  return matchedRoutes(c).findLast((route) => route.method !== "ALL")?.path;
}

/** What every log line written while serving a request says about it. */
export function requestLogFields(c: Context<AppEnv>): LogFields {
  return { request_id: c.get("requestId"), tenant_id: c.get("caller")?.tenant.id, route: routeOf(c) };
}

/**
 * Names the request (keeping a caller's sane X-Request-Id) and the path family it belongs to, times
 * its stages for the Server-Timing header (on errors as well), and writes one `request` line when
 * it is answered (at LOG_LEVEL info): route, tenant, status, duration.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const incoming = c.req.header("X-Request-Id");
  const requestId = incoming && CLIENT_ID.test(incoming) ? incoming : newId("req");
  c.set("requestId", requestId);
  c.set("family", familyOf(c.req.path));
  c.header("X-Request-Id", requestId);
  const timing = new ServerTiming();
  c.set("timing", timing);
  await next();
  c.header("Server-Timing", timing.header());
  const fields = { ...requestLogFields(c), method: c.req.method, status: c.res.status, duration_ms: Date.now() - started };
  log("info", "request", fields, configOf(c.env).logLevel);
});

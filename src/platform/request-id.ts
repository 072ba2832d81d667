import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { familyOf } from "./families";
import { newId } from "./ids";
import { ServerTiming } from "./server-timing";

const CLIENT_ID = /^[\w.:-]{1,128}$/;

/**
 * Names the request (keeping a caller's sane X-Request-Id) and the path family it belongs to, and
 * times its stages for the Server-Timing header, on errors as well.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("X-Request-Id");
  const requestId = incoming && CLIENT_ID.test(incoming) ? incoming : newId("req");
  c.set("requestId", requestId);
  c.set("family", familyOf(c.req.path));
  c.header("X-Request-Id", requestId);
  const timing = new ServerTiming();
  c.set("timing", timing);
  await next();
  c.header("Server-Timing", timing.header());
});

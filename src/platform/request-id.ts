import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { familyOf } from "./families";
import { newId } from "./ids";

const CLIENT_ID = /^[\w.:-]{1,128}$/;

/** Names the request (keeping a caller's sane X-Request-Id) and the path family it belongs to. */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("X-Request-Id");
  const requestId = incoming && CLIENT_ID.test(incoming) ? incoming : newId("req");
  c.set("requestId", requestId);
  c.set("family", familyOf(c.req.path));
  c.header("X-Request-Id", requestId);
  await next();
});

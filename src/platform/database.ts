import { createMiddleware } from "hono/factory";
import { openDatabase } from "../db/database";
import type { AppEnv } from "./app-env";

const BOOKMARK_HEADER = "X-D1-Bookmark";

/**
 * One D1 session per request (D1 Sessions API): reads may go to a replica, and a client that sends
 * back the bookmark it was given reads its own writes. Writes start at the primary.
 */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  const reads = c.req.method === "GET" || c.req.method === "HEAD";
  const session = c.env.DB.withSession(c.req.header(BOOKMARK_HEADER) ?? (reads ? "first-unconstrained" : "first-primary"));
  c.set("db", openDatabase(session));
  await next();
  const bookmark = session.getBookmark();
  if (bookmark) c.header(BOOKMARK_HEADER, bookmark);
});

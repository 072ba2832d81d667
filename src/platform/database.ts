import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import type { Database } from "../db/database";
import * as schema from "../db/schema";
import type { AppEnv } from "./app-env";

const BOOKMARK_HEADER = "X-D1-Bookmark";

/**
 * One D1 session per request (D1 Sessions API): reads may go to a replica, and a client that sends
 * back the bookmark it was given reads its own writes. Writes start at the primary.
 */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  const reads = c.req.method === "GET" || c.req.method === "HEAD";
  const session = c.env.DB.withSession(c.req.header(BOOKMARK_HEADER) ?? (reads ? "first-unconstrained" : "first-primary"));
  // drizzle 0.45 types its D1 client as a whole D1Database (exec, dump, withSession too), but its
  // driver calls only prepare() and batch(): the compiler checks that the session has those two.
  const client: Database["$client"] = session;
  c.set("db", drizzle(client as D1Database, { schema }));
  await next();
  const bookmark = session.getBookmark();
  if (bookmark) c.header(BOOKMARK_HEADER, bookmark);
});

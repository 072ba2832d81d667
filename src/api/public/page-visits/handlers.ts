import { cacheKeyOf } from "../../../domain/landing-pages/pages";
import { publishedPageHtml } from "../../../domain/landing-pages/visit";
import { ApiError } from "../../../platform/errors";
import type { AppRouteHandler } from "../../../platform/router";
import { ctxOf } from "../../request-context";
import { freshCopy, keepCopy, VISITOR_CACHE_CONTROL } from "./edge-cache";
import type * as routes from "./routes";
import { notFoundPage, prefersHtml } from "./schemas";

export const servePage: AppRouteHandler<typeof routes.servePage> = async (c) => {
  const { tenant_slug, slug } = c.req.valid("param");
  const key = cacheKeyOf(tenant_slug, slug);
  const now = Date.now();
  const cached = await freshCopy(key, now);
  if (cached) return cached;
  try {
    const html = await publishedPageHtml(ctxOf(c), tenant_slug, slug, new URL(c.req.url).origin);
    c.executionCtx.waitUntil(keepCopy(key, html, now));
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": VISITOR_CACHE_CONTROL } });
  } catch (error) {
    // A visitor's browser reads a page that says so; an API caller gets the family's JSON error.
    if (error instanceof ApiError && error.code === "not_found" && prefersHtml(c.req.header("Accept"))) {
      return c.html(notFoundPage(), 404);
    }
    throw error;
  }
};

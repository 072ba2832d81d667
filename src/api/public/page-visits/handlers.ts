import { cacheKeyOf } from "../../../domain/landing-pages/pages";
import { CACHE_SECONDS, publishedPageHtml } from "../../../domain/landing-pages/visit";
import type { AppRouteHandler } from "../../../platform/router";
import { ctxOf } from "../../request-context";
import type * as routes from "./routes";

export const servePage: AppRouteHandler<typeof routes.servePage> = async (c) => {
  const { tenant_slug, slug } = c.req.valid("param");
  const key = cacheKeyOf(tenant_slug, slug);
  const cached = await caches.default.match(key);
  if (cached) return new Response(cached.body, cached);
  const html = await publishedPageHtml(ctxOf(c), tenant_slug, slug, new URL(c.req.url).origin);
  const headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": `public, max-age=60, s-maxage=${CACHE_SECONDS}` };
  const response = new Response(html, { headers });
  c.executionCtx.waitUntil(caches.default.put(key, response.clone()));
  return response;
};

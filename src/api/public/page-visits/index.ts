import { createRoute, z } from "@hono/zod-openapi";
import { getForm } from "../../../domain/forms/forms";
import { cacheKeyOf, publishedPage } from "../../../domain/landing-pages/pages";
import { renderPage } from "../../../domain/landing-pages/render";
import { ApiError } from "../../../platform/errors";
import { errorResponses } from "../../../platform/openapi-errors";
import { createRouter } from "../../../platform/router";
import { ctxOf } from "../../context";

// Published pages are cached at the edge for this long; an update purges the copy at once.
const CACHE_SECONDS = 300;

const params = z.object({
  tenant_slug: z.string().max(64).openapi({ param: { name: "tenant_slug", in: "path" }, example: "acme-corp" }),
  slug: z.string().max(80).openapi({ param: { name: "slug", in: "path" }, example: "product-demo-webinar" }),
});

const servePage = createRoute({
  operationId: "servePage", method: "get", path: "/p/{tenant_slug}/{slug}", tags: ["Landing pages"], security: [],
  summary: "A published landing page (public: no API key)",
  description: `A complete HTML document with the page's SEO meta and style; its form section posts to /f/{form_id}. Cached at the edge for ${CACHE_SECONDS} s and purged when the page changes.`,
  request: { params },
  responses: { 200: { description: "The page", content: { "text/html": { schema: z.string() } } }, ...errorResponses("public", [404]) },
});

export const pageVisitsRouter = createRouter().openapi(servePage, async (c) => {
  const { tenant_slug, slug } = c.req.valid("param");
  const key = cacheKeyOf(tenant_slug, slug);
  const cached = await caches.default.match(key);
  if (cached) return new Response(cached.body, cached) as never;
  const ctx = ctxOf(c);
  const page = await publishedPage(ctx, tenant_slug, slug);
  if (!page) throw new ApiError("not_found", `No published page ${slug}`);
  const owner = { ...ctx, tenant: { id: page.tenantId, slug: tenant_slug, name: "", plan: "starter" as const }, testMode: page.testMode };
  const form = page.formId ? await getForm(owner, page.formId).catch(() => null) : null;
  const html = renderPage(page, form ? { id: form.id, honeypotField: form.honeypotField } : null, new URL(c.req.url).href);
  const response = new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": `public, max-age=60, s-maxage=${CACHE_SECONDS}` } });
  c.executionCtx.waitUntil(caches.default.put(key, response.clone()));
  return response as never;
});

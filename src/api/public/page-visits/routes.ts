import { createRoute } from "@hono/zod-openapi";
import { CACHE_SECONDS } from "../../../domain/landing-pages/visit";
import { errors, security } from "../family";
import { PageHtml, PageParams } from "./schemas";

export const servePage = createRoute({
  operationId: "servePage",
  method: "get",
  path: "/p/{tenant_slug}/{slug}",
  tags: ["Landing pages"],
  security,
  summary: "A published landing page (public: no API key)",
  description:
    "A complete HTML document with the page's SEO meta and style; its form section posts to /f/{form_id}. " +
    `Cached at the edge for ${CACHE_SECONDS} s and purged when the page changes.`,
  request: { params: PageParams },
  responses: { 200: { description: "The page", content: { "text/html": { schema: PageHtml } } }, ...errors(404) },
});

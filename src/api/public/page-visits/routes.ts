import { createRoute } from "@hono/zod-openapi";
import { CACHE_SECONDS } from "../../../domain/landing-pages/visit";
import { errors, security } from "../family";
import { NotFoundPage, PageHtml, PageParams } from "./schemas";

/** The family's JSON 404, which this route also answers as a page for a browser. */
const notFoundJson = errors(404)[404]!.content;

export const servePage = createRoute({
  operationId: "servePage",
  method: "get",
  path: "/p/{tenant_slug}/{slug}",
  tags: ["Landing pages"],
  security,
  summary: "A published landing page (public: no API key)",
  description:
    "A complete HTML document with the page's SEO meta and style; its form section posts to /f/{form_id}. " +
    `Cached at each edge location for at most ${CACHE_SECONDS} s: a change (edit, unpublish, delete) shows at once where ` +
    `it was made and everywhere within ${CACHE_SECONDS} s. Browsers are told to revalidate every visit. ` +
    "A page that does not exist or is not published is a 404: an HTML page when Accept ranks text/html above " +
    "application/json (a browser's does), else the JSON error.",
  request: { params: PageParams },
  responses: {
    200: { description: "The page", content: { "text/html": { schema: PageHtml } } },
    404: { description: "No published page here", content: { ...notFoundJson, "text/html": { schema: NotFoundPage } } },
  },
});

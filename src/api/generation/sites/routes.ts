import { createRoute } from "@hono/zod-openapi";
import { DeletedResponse, idParam, json, Pagination } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { SiteCreate, SiteListResponse, SiteResponse, SiteUpdate } from "./schemas";

const tags = ["Sites"];
const params = idParam("site_id", "site_01jd0x5v7k2m3n4p5q6r7s8t9v");

export const createSite = createRoute({
  operationId: "createSite",
  method: "post",
  path: "/v1/sites",
  tags,
  security,
  summary: "Create a site (the website lead generation works for)",
  description:
    "Send `id` to keep your own id (a client migrating from the seed keeps `site_456abc`); it is unique " +
    "per tenant and mode, and one the tenant already has is a 409 naming `id`.",
  request: { body: { required: true, content: json(SiteCreate) } },
  responses: { 201: { description: "The site", content: json(SiteResponse) }, ...errors(409, 422) },
});

export const listSites = createRoute({
  operationId: "listSites",
  method: "get",
  path: "/v1/sites",
  tags,
  security,
  summary: "List sites, newest first",
  request: { query: Pagination },
  responses: { 200: { description: "Sites", content: json(SiteListResponse) }, ...errors() },
});

export const getSite = createRoute({
  operationId: "getSite",
  method: "get",
  path: "/v1/sites/{site_id}",
  tags,
  security,
  summary: "Get a site",
  request: { params },
  responses: { 200: { description: "The site", content: json(SiteResponse) }, ...errors(404) },
});

export const updateSite = createRoute({
  operationId: "updateSite",
  method: "patch",
  path: "/v1/sites/{site_id}",
  tags,
  security,
  summary: "Change a site's name or URL",
  request: { params, body: { required: true, content: json(SiteUpdate) } },
  responses: { 200: { description: "The site", content: json(SiteResponse) }, ...errors(404) },
});

export const deleteSite = createRoute({
  operationId: "deleteSite",
  method: "delete",
  path: "/v1/sites/{site_id}",
  tags,
  security,
  summary: "Delete a site",
  description:
    "Refused with 409 (naming `site_id` and how many) while a lead generation command of the tenant and mode that names " +
    "the site is still processing: cancel it or let it finish. Finished commands keep showing the id.",
  request: { params },
  responses: { 200: { description: "Deleted", content: json(DeletedResponse) }, ...errors(404, 409) },
});

import { createRoute } from "@hono/zod-openapi";
import { DeletedResponse, idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  LandingPageCreated,
  LandingPageList,
  LandingPagePublished,
  LandingPageResponse,
  LandingPageUnpublished,
  LandingPageUpdated,
  PageChange,
  PageInput,
} from "./schemas";

const tags = ["Landing pages"];
const pageId = idParam("page_id", "lp_01jd0x5v7k2m3n4p5q6r7s8t9v");

export const createPage = createRoute({
  operationId: "createLandingPage",
  method: "post",
  path: "/v1/landing-pages",
  tags,
  security,
  summary: "Create a landing page (a draft)",
  request: { body: { required: true, content: json(PageInput) } },
  responses: { 201: { description: "Created", content: json(LandingPageCreated) }, ...errors(409) },
});
export const listPages = createRoute({
  operationId: "listLandingPages",
  method: "get",
  path: "/v1/landing-pages",
  tags,
  security,
  summary: "The tenant's landing pages",
  responses: { 200: { description: "Pages", content: json(LandingPageList) }, ...errors() },
});
export const getPage = createRoute({
  operationId: "getLandingPage",
  method: "get",
  path: "/v1/landing-pages/{page_id}",
  tags,
  security,
  summary: "A landing page",
  request: { params: pageId },
  responses: { 200: { description: "The page", content: json(LandingPageResponse) }, ...errors(404) },
});
export const updatePage = createRoute({
  operationId: "updateLandingPage",
  method: "patch",
  path: "/v1/landing-pages/{page_id}",
  tags,
  security,
  summary: "Change a landing page (a published one shows the change at once)",
  request: { params: pageId, body: { required: true, content: json(PageChange) } },
  responses: { 200: { description: "The page now", content: json(LandingPageUpdated) }, ...errors(404, 409) },
});
export const publishPage = createRoute({
  operationId: "publishLandingPage",
  method: "post",
  path: "/v1/landing-pages/{page_id}/publish",
  tags,
  security,
  summary: "Publish a page at /p/{tenant_slug}/{slug}",
  description: "A page with a form section needs a formId. Only live-mode pages are published; test-mode pages stay previews.",
  request: { params: pageId },
  responses: { 200: { description: "Published", content: json(LandingPagePublished) }, ...errors(404) },
});
export const unpublishPage = createRoute({
  operationId: "unpublishLandingPage",
  method: "post",
  path: "/v1/landing-pages/{page_id}/unpublish",
  tags,
  security,
  summary: "Take a page down (it answers 404 again)",
  request: { params: pageId },
  responses: { 200: { description: "Unpublished", content: json(LandingPageUnpublished) }, ...errors(404) },
});
export const deletePage = createRoute({
  operationId: "deleteLandingPage",
  method: "delete",
  path: "/v1/landing-pages/{page_id}",
  tags,
  security,
  summary: "Delete a landing page",
  request: { params: pageId },
  responses: { 200: { description: "Deleted", content: json(DeletedResponse) }, ...errors(404) },
});

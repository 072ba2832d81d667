import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, errorsWith, security } from "../family";
import { Fields, FormParams, FormPostReceipt, RefusalPage, ThankYouPage } from "./schemas";

const tags = ["Forms"];

/** The refusals the handler makes itself, which a browser's post gets as a page (refusalPage). */
const PAGE_REFUSALS = [400, 403, 404, 429, 503];
const refusalPageContent = { "text/html": { schema: RefusalPage } };

/** The form route's refusals: JSON for JSON callers, and a page too where the handler refuses. */
const refusals = Object.fromEntries(
  Object.entries(errorsWith({ 415: "Body is not urlencoded, multipart or JSON" })(...PAGE_REFUSALS, 413, 415)).map(([status, answer]) => [
    status,
    PAGE_REFUSALS.includes(Number(status)) ? { ...answer, content: { ...answer.content, ...refusalPageContent } } : answer,
  ]),
);

export const post = createRoute({
  operationId: "postForm",
  method: "post",
  path: "/f/{form_id}",
  tags,
  security,
  summary: "A visitor's form entry (public: no API key)",
  description:
    "urlencoded, multipart or JSON. HTML form posts get 303 to the form's thank-you URL (or a thank-you " +
    "page); JSON callers (JSON body or Accept: application/json) get 201 JSON. CORS follows the form's " +
    "allowed origins; a filled honeypot field is dropped silently; Turnstile is checked when the form " +
    "requires it (503 while TURNSTILE_SECRET is unset); posts are limited per visitor address and per form.",
  request: {
    params: FormParams,
    body: {
      required: true,
      content: {
        "application/x-www-form-urlencoded": { schema: Fields },
        "multipart/form-data": { schema: Fields },
        "application/json": { schema: Fields },
      },
    },
  },
  responses: {
    201: { description: "Received (JSON callers)", content: json(FormPostReceipt) },
    200: { description: "Received (HTML forms, no thank-you URL): a thank-you page", content: { "text/html": { schema: ThankYouPage } } },
    303: { description: "Received (HTML forms): redirect to the thank-you URL" },
    ...refusals,
  },
});

export const preflight = createRoute({
  operationId: "preflightForm",
  method: "options",
  path: "/f/{form_id}",
  tags,
  security,
  summary: "CORS preflight for a form post",
  request: { params: FormParams },
  responses: { 204: { description: "The origin may post" }, ...errors(403, 404) },
});

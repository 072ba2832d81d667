import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { publicForm, originAllowed, receiveFormPost } from "../../../domain/forms/receive-post";
import type { AppEnv } from "../../../platform/context";
import { ApiError } from "../../../platform/errors";
import { escapeHtml } from "../../../platform/html";
import { json } from "../../../platform/envelopes";
import { errorResponses } from "../../../platform/openapi-errors";
import { createRouter } from "../../../platform/router";
import { ctxOf } from "../../context";

const params = z.object({ form_id: z.string().max(64).openapi({ param: { name: "form_id", in: "path" }, description: "The form's publishable key", example: "pk_01jd0x5v7k2m3n4p5q6r7s8t9v" }) });
const Fields = z.record(z.string(), z.any()).openapi("FormFields", { example: { first_name: "Ada", email: "ada@example.com", phone: "+1 650 253 0000" } });

/** The refusals the handler makes itself, which a browser's post gets as a page (refusalPage). */
const PAGE_REFUSALS = [400, 403, 404, 429];
const refusalPageContent = { "text/html": { schema: z.string().openapi({ description: "A page that says why, for a browser's form post" }) } };

/** The form route's refusals: JSON for JSON callers, and a page too where the handler refuses. */
const refusals = Object.fromEntries(
  Object.entries(errorResponses("public", [...PAGE_REFUSALS, 413, 415], { 415: "Body is not urlencoded, multipart or JSON" })).map(([status, answer]) => [
    status,
    PAGE_REFUSALS.includes(Number(status)) ? { ...answer, content: { ...answer.content, ...refusalPageContent } } : answer,
  ]),
);

const post = createRoute({
  operationId: "postForm", method: "post", path: "/f/{form_id}", tags: ["Forms"], security: [],
  summary: "A visitor's form entry (public: no API key)",
  description:
    "urlencoded, multipart or JSON. HTML form posts get 303 to the form's thank-you URL (or a thank-you page); JSON callers (JSON body or Accept: application/json) get 201 JSON. CORS follows the form's allowed origins; a filled honeypot field is dropped silently; Turnstile is checked when the form requires it; posts are limited per visitor address and per form.",
  request: { params, body: { required: true, content: { "application/x-www-form-urlencoded": { schema: Fields }, "multipart/form-data": { schema: Fields }, "application/json": { schema: Fields } } } },
  responses: {
    201: { description: "Received (JSON callers)", content: json(z.object({ status: z.literal("received"), lead_id: z.string().optional(), lead_status: z.string().optional() }).openapi("FormPostReceipt")) },
    200: { description: "Received (HTML forms, no thank-you URL): a thank-you page", content: { "text/html": { schema: z.string() } } },
    303: { description: "Received (HTML forms): redirect to the thank-you URL" },
    ...refusals,
  },
});

const preflight = createRoute({
  operationId: "preflightForm", method: "options", path: "/f/{form_id}", tags: ["Forms"], security: [],
  summary: "CORS preflight for a form post",
  request: { params },
  responses: { 204: { description: "The origin may post" }, ...errorResponses("public", [403, 404]) },
});

function wantsJson(c: Context<AppEnv>): boolean {
  return (c.req.header("Content-Type") ?? "").includes("json") || (c.req.header("Accept") ?? "").includes("application/json");
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** What a visitor whose browser posted the form reads when the entry is refused: the reason, and what to do next. */
function refusalPage(error: ApiError): string {
  const reason = `<p>${escapeHtml(error.message)}</p>`;
  if (error.status === 429) return page("Please wait a minute", `${reason}<p>Then go back and send the form again.</p>`);
  if (error.status === 404) return page("This form is closed", `${reason}<p>The page you came from may be out of date.</p>`);
  if (error.status === 403) return page("This form cannot take your entry", `${reason}<p>Send it from the page the form is on.</p>`);
  const items = error.issues.map((i) => `<li>${escapeHtml(i.field)}: ${escapeHtml(i.message)}</li>`).join("");
  return page("Please check your entry", `${reason}${items ? `<ul>${items}</ul>` : ""}<p>Go back to correct it and send it again.</p>`);
}

async function readFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const raw = (c.req.header("Content-Type") ?? "").includes("json") ? await c.req.json<Record<string, unknown>>() : await c.req.parseBody({ all: false });
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw ApiError.invalidField("body", "invalid_type", "The form entry must be a set of fields");
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") fields[name] = String(value);
  return fields;
}

function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : {};
}

/** Public form posts from landing pages; the only way in without an API key. */
export const formPostsRouter = createRouter()
  .openapi(preflight, async (c) => {
    const { form } = await publicForm(ctxOf(c), c.req.valid("param").form_id);
    const origin = c.req.header("Origin");
    if (!originAllowed(form, origin)) throw new ApiError("forbidden_origin", `Origin ${origin} may not post to this form`);
    return c.body(null, 204, { ...corsHeaders(origin), "Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "86400" });
  })
  .openapi(post, async (c) => {
    const { form_id } = c.req.valid("param");
    const ctx = ctxOf(c);
    const ip = c.req.header("CF-Connecting-IP") ?? "unknown";
    const origin = c.req.header("Origin");
    try {
      const [perIp, perForm] = await Promise.all([c.env.FORM_POSTS_PER_IP.limit({ key: `${form_id}:${ip}` }), c.env.FORM_POSTS_PER_FORM.limit({ key: form_id })]);
      if (!perIp.success || !perForm.success) throw new ApiError("rate_limited", "Too many entries; please wait a minute", [], { "Retry-After": "60" });
      const target = await publicForm(ctx, form_id);
      const { form } = target;
      if (!originAllowed(form, origin)) throw new ApiError("forbidden_origin", `Origin ${origin} may not post to this form`);
      c.header("Access-Control-Allow-Origin", origin ?? "*");
      if (origin) c.header("Vary", "Origin");
      const result = await receiveFormPost(target, await readFields(c), { ip });
      const receipt = result.kind === "submitted" ? { status: "received" as const, lead_id: result.leadId, lead_status: result.status } : { status: "received" as const };
      if (wantsJson(c)) return c.json(receipt, 201);
      if (form.redirectUrl) return c.redirect(form.redirectUrl, 303);
      return c.html(page("Thank you", "<p>We have your details and will be in touch.</p>"), 200) as never;
    } catch (error) {
      if (!(error instanceof ApiError) || wantsJson(c)) throw error;
      return c.html(refusalPage(error), error.status as 400, error.headers) as never;
    }
  });

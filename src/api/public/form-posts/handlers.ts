import type { ContentfulStatusCode } from "hono/utils/http-status";
import { admitFormPost, entryFields, formForOrigin } from "../../../domain/forms/post-gate";
import { receiveFormPost } from "../../../domain/forms/receive-post";
import { ApiError } from "../../../platform/errors";
import type { AppRouteHandler } from "../../../platform/router";
import { ctxOf } from "../../request-context";
import type * as routes from "./routes";
import { corsHeaders, refusalPage, renderReceipt, thankYouPage, wantsJson } from "./schemas";

export const preflight: AppRouteHandler<typeof routes.preflight> = async (c) => {
  const origin = c.req.header("Origin");
  await formForOrigin(ctxOf(c), c.req.valid("param").form_id, origin);
  const allowed = {
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
  };
  return c.body(null, 204, { ...corsHeaders(origin), ...allowed });
};

export const post: AppRouteHandler<typeof routes.post> = async (c) => {
  const { form_id } = c.req.valid("param");
  const ip = c.req.header("CF-Connecting-IP") ?? "unknown";
  const origin = c.req.header("Origin");
  const contentType = c.req.header("Content-Type");
  const asJson = wantsJson(contentType, c.req.header("Accept"));
  try {
    const requestOrigin = new URL(c.req.url).origin;
    const source = { requestOrigin, referer: c.req.header("Referer") };
    const target = await admitFormPost(ctxOf(c), form_id, { ip, origin, source });
    c.header("Access-Control-Allow-Origin", origin ?? "*");
    if (origin) c.header("Vary", "Origin");
    const raw = (contentType ?? "").includes("json") ? await c.req.json<unknown>() : await c.req.parseBody({ all: false });
    const result = await receiveFormPost(target, entryFields(raw), {
      ip,
      ...(origin ? { origin } : {}),
      requestOrigin,
    });
    if (asJson) return c.json(renderReceipt(result), 201);
    if (target.form.redirectUrl) return c.redirect(target.form.redirectUrl, 303);
    return c.html(thankYouPage(), 200);
  } catch (error) {
    if (!(error instanceof ApiError) || asJson) throw error;
    // ApiError.status is a number; every status in the error catalogue has a body.
    return c.html(refusalPage(error), error.status as ContentfulStatusCode, error.headers);
  }
};

import type { Context } from "hono";
import { clickTarget, trackClick, trackOpen, unsubscribe as unsubscribeRecipient, unsubscribeTarget } from "../../../domain/email/tracking";
import type { AppEnv } from "../../../platform/app-env";
import { escapeHtml } from "../../../platform/html";
import { errorFields, log } from "../../../platform/log";
import type { AppRouteHandler } from "../../../platform/router";
import { ctxOf } from "../../request-context";
import type * as routes from "./routes";
import { PIXEL } from "./schemas";

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
  "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#111}" +
  "button{font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:0;background:#111;color:#fff;cursor:pointer}</style>" +
  `</head><body>${body}</body></html>`;

const notOurs = page("Link not found", "<h1>This link is not valid</h1><p>It may have been copied incompletely.</p>");

/**
 * Link scanners check a link with HEAD before anyone clicks it, and Hono answers HEAD with the GET
 * handler: such a request answers as GET does and records nothing.
 */
const isProbe = (c: Context<AppEnv>) => c.req.method === "HEAD";

export const openPixel: AppRouteHandler<typeof routes.openPixel> = async (c) => {
  // Recorded after the answer: a mail client fetching a burst of pixels waits for none of them.
  if (!isProbe(c))
    c.executionCtx.waitUntil(
      trackOpen(c.env, c.req.valid("param").token, new Date()).catch((error) =>
        log("error", "recording an open failed", { job: "trackOpen", request_id: c.get("requestId"), ...errorFields(error) }),
      ),
    );
  return c.body(PIXEL, 200, { "Content-Type": "image/gif", "Cache-Control": "no-store, max-age=0" });
};

export const clickLink: AppRouteHandler<typeof routes.clickLink> = async (c) => {
  const { token } = c.req.valid("param");
  const url = isProbe(c) ? await clickTarget(ctxOf(c), token) : await trackClick(ctxOf(c), token);
  if (!url) return c.html(notOurs, 404);
  return c.redirect(url, 302);
};

export const unsubscribePage: AppRouteHandler<typeof routes.unsubscribePage> = async (c) => {
  const { token } = c.req.valid("param");
  const message = await unsubscribeTarget(ctxOf(c), token);
  if (!message) return c.html(notOurs, 404);
  return c.html(
    page(
      "Unsubscribe",
      `<h1>Unsubscribe</h1><p>Stop emails to <strong>${escapeHtml(message.toEmail)}</strong>?</p>` +
        `<form method="post" action="/t/u/${escapeHtml(token)}"><button type="submit">Unsubscribe</button></form>`,
    ),
    200,
  );
};

export const unsubscribe: AppRouteHandler<typeof routes.unsubscribe> = async (c) => {
  const message = await unsubscribeRecipient(ctxOf(c), c.req.valid("param").token);
  if (!message) return c.html(notOurs, 404);
  return c.html(
    page("Unsubscribed", `<h1>You are unsubscribed</h1><p>${escapeHtml(message.toEmail)} will get no more of these emails.</p>`),
    200,
  );
};

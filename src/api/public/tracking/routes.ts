import { createRoute } from "@hono/zod-openapi";
import { errors, security } from "../family";
import { Gif, Html, PixelParams, TokenParams } from "./schemas";

const tags = ["Email tracking"];
const html = (description: string) => ({ description, content: { "text/html": { schema: Html } } });

export const openPixel = createRoute({
  operationId: "trackOpen",
  method: "get",
  path: "/t/o/{token}",
  tags,
  security,
  summary: "Open pixel (public)",
  description:
    "A 1×1 GIF, always: a token that is not ours, a message that was never sent and a HEAD request (link scanners) record nothing. " +
    "The first fetch records `opened`; later ones are counted.",
  request: { params: PixelParams },
  responses: { 200: { description: "The pixel", content: { "image/gif": { schema: Gif } } } },
});

export const clickLink = createRoute({
  operationId: "trackClick",
  method: "get",
  path: "/t/c/{token}",
  tags,
  security,
  summary: "Click link (public)",
  description:
    "Records `clicked` with the URL and redirects (302) to that link of the message: only ever a URL the message contained. " +
    "A HEAD request (link scanners) and a click in a message that was never sent redirect the same and record nothing.",
  request: { params: TokenParams },
  responses: { 302: { description: "To the message's link" }, ...errors(400), 404: html("Not a link of ours") },
});

export const unsubscribePage = createRoute({
  operationId: "unsubscribePage",
  method: "get",
  path: "/t/u/{token}",
  tags,
  security,
  summary: "Unsubscribe page (public)",
  description: "A small page with one button; nothing changes until it is pressed (link scanners fetch pages too).",
  request: { params: TokenParams },
  responses: { 200: html("The page"), ...errors(400), 404: html("Not a link of ours") },
});

export const unsubscribe = createRoute({
  operationId: "unsubscribe",
  method: "post",
  path: "/t/u/{token}",
  tags,
  security,
  summary: "Unsubscribe (public; RFC 8058 one-click)",
  description:
    "The page's button, and the one-click POST mail clients send from the List-Unsubscribe header (body `List-Unsubscribe=One-Click`). " +
    "Puts the address on the tenant's suppression list and raises `lead.unsubscribed`.",
  request: { params: TokenParams },
  responses: { 200: html("Unsubscribed"), ...errors(400, 413), 404: html("Not a link of ours") },
});

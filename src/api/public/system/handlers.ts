import { Scalar } from "@scalar/hono-api-reference";
import type { AppRouteHandler } from "../../../platform/router";
import type * as routes from "./routes";

export const health: AppRouteHandler<typeof routes.health> = (c) => c.json({ status: "ok" as const }, 200);

/**
 * The API reference page, rendered from /openapi.json by Scalar's standalone script, which the
 * Worker's static assets serve (public/docs/scalar.js): no CDN, no web fonts, so it works offline.
 */
export const docs = Scalar({ url: "/openapi.json", pageTitle: "Leadedge API reference", cdn: "/docs/scalar.js", withDefaultFonts: false });

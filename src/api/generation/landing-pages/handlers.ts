import * as pages from "../../../domain/landing-pages/pages";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderPageRow } from "./schemas";

export const createPage: AppRouteHandler<typeof routes.createPage> = async (c) => {
  const ctx = tenantCtxOf(c);
  return c.json(ok(renderPageRow(await pages.createPage(ctx, c.req.valid("json")), ctx.tenant.slug), "Landing page created"), 201);
};

export const listPages: AppRouteHandler<typeof routes.listPages> = async (c) => {
  const ctx = tenantCtxOf(c);
  return c.json(ok((await pages.listPages(ctx)).map((p) => renderPageRow(p, ctx.tenant.slug))), 200);
};

export const getPage: AppRouteHandler<typeof routes.getPage> = async (c) => {
  const ctx = tenantCtxOf(c);
  return c.json(ok(renderPageRow(await pages.getPage(ctx, c.req.valid("param").page_id), ctx.tenant.slug)), 200);
};

export const updatePage: AppRouteHandler<typeof routes.updatePage> = async (c) => {
  const ctx = tenantCtxOf(c);
  const page = await pages.updatePage(ctx, c.req.valid("param").page_id, c.req.valid("json"), new URL(c.req.url).origin);
  return c.json(ok(renderPageRow(page, ctx.tenant.slug), "Landing page updated"), 200);
};

export const publishPage: AppRouteHandler<typeof routes.publishPage> = async (c) => {
  const ctx = tenantCtxOf(c);
  const page = await pages.setPublished(ctx, c.req.valid("param").page_id, true, new URL(c.req.url).origin);
  return c.json(ok(renderPageRow(page, ctx.tenant.slug), "Landing page published"), 200);
};

export const unpublishPage: AppRouteHandler<typeof routes.unpublishPage> = async (c) => {
  const ctx = tenantCtxOf(c);
  const page = await pages.setPublished(ctx, c.req.valid("param").page_id, false, new URL(c.req.url).origin);
  return c.json(ok(renderPageRow(page, ctx.tenant.slug), "Landing page unpublished"), 200);
};

export const deletePage: AppRouteHandler<typeof routes.deletePage> = async (c) => {
  const { page_id } = c.req.valid("param");
  await pages.deletePage(tenantCtxOf(c), page_id);
  return c.json(ok({ id: page_id, deleted: true as const }, "Landing page deleted"), 200);
};

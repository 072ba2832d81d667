import * as pages from "../../../domain/landing-pages/pages";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";
import * as routes from "./routes";
import { renderPageRow } from "./schemas";

export const landingPagesRouter = createRouter()
  .openapi(routes.createPage, async (c) => {
    const ctx = tenantCtxOf(c);
    return c.json({ success: true as const, data: renderPageRow(await pages.createPage(ctx, c.req.valid("json")), ctx.tenant.slug), message: "Landing page created" }, 201);
  })
  .openapi(routes.listPages, async (c) => {
    const ctx = tenantCtxOf(c);
    return c.json({ success: true as const, data: (await pages.listPages(ctx)).map((p) => renderPageRow(p, ctx.tenant.slug)) }, 200);
  })
  .openapi(routes.getPage, async (c) => {
    const ctx = tenantCtxOf(c);
    return c.json({ success: true as const, data: renderPageRow(await pages.getPage(ctx, c.req.valid("param").page_id), ctx.tenant.slug) }, 200);
  })
  .openapi(routes.updatePage, async (c) => {
    const ctx = tenantCtxOf(c);
    return c.json({ success: true as const, data: renderPageRow(await pages.updatePage(ctx, c.req.valid("param").page_id, c.req.valid("json")), ctx.tenant.slug), message: "Landing page updated" }, 200);
  })
  .openapi(routes.publishPage, async (c) => {
    const ctx = tenantCtxOf(c);
    return c.json({ success: true as const, data: renderPageRow(await pages.setPublished(ctx, c.req.valid("param").page_id, true), ctx.tenant.slug), message: "Landing page published" }, 200);
  })
  .openapi(routes.unpublishPage, async (c) => {
    const ctx = tenantCtxOf(c);
    return c.json({ success: true as const, data: renderPageRow(await pages.setPublished(ctx, c.req.valid("param").page_id, false), ctx.tenant.slug), message: "Landing page unpublished" }, 200);
  })
  .openapi(routes.deletePage, async (c) => {
    const { page_id } = c.req.valid("param");
    await pages.deletePage(tenantCtxOf(c), page_id);
    return c.json({ success: true as const, data: { id: page_id, deleted: true as const }, message: "Landing page deleted" }, 200);
  });

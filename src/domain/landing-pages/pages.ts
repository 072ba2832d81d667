import { and, desc, eq } from "drizzle-orm";
import { type Form, type LandingPageRow, landingPages, tenants } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import { sanitizeHtml } from "../../platform/sanitize-html";
import type { Ctx, TenantCtx } from "../context";
import { getForm } from "../forms/forms";
import { findOwned } from "../owned";
import { checkPageForm, pagesOrigin } from "./page-forms";

export interface LandingPageInput {
  name: string;
  description?: string | null;
  slug: string;
  sections?: Record<string, unknown>[];
  seo?: { title?: string; metaDescription?: string };
  style?: { primaryColor?: string; backgroundColor?: string; fontFamily?: string };
  content?: string;
  formId?: string | null;
}

/** Where a published page's cached copy lives: one key per page, whatever host served it. */
export const cacheKeyOf = (tenantSlug: string, slug: string) => `https://landing-pages.leadedge.internal/${tenantSlug}/${slug}`;

// A visit that read the page before a change can store its copy after the change's purge. So the
// purge also leaves its time beside the copy, and a copy stamped no later is never served
// (src/api/public/page-visits/edge-cache.ts).
const PURGED_AT = "X-Leadedge-Purged-At";
const purgeMarkKeyOf = (cacheKey: string) => `${cacheKey}?purged`;
/** How long the mark is kept: well past CACHE_SECONDS (./visit, which imports this file), so it outlives every older copy. */
const PURGE_MARK_SECONDS = 3600;

/** When this location last purged the page cached under `cacheKey`, or null when it has not lately. */
export async function lastPurgeAt(cacheKey: string): Promise<number | null> {
  const mark = await caches.default.match(purgeMarkKeyOf(cacheKey));
  const at = Number(mark?.headers.get(PURGED_AT));
  return mark && Number.isFinite(at) ? at : null;
}

async function purge(ctx: TenantCtx, slug: string): Promise<void> {
  const key = cacheKeyOf(ctx.tenant.slug, slug);
  // The clock after the change is written, not ctx.now: a visit that began before it may have read the old row.
  const headers = { "Cache-Control": `public, max-age=${PURGE_MARK_SECONDS}`, [PURGED_AT]: String(Date.now()) };
  await caches.default.put(purgeMarkKeyOf(key), new Response("", { headers }));
  await caches.default.delete(key);
}

async function checkForm(ctx: TenantCtx, formId: string | null | undefined): Promise<Form | null> {
  if (!formId) return null;
  return getForm(ctx, formId).catch(() => {
    throw ApiError.invalidField("formId", "not_found", `form ${formId} does not exist`);
  });
}

/** Refuses a page that, published, would lose its form's entries; `requestOrigin` is where the API call came. */
async function checkPublishable(ctx: TenantCtx, page: LandingPageRow, requestOrigin: string): Promise<void> {
  checkPageForm(page, await checkForm(ctx, page.formId), pagesOrigin(ctx, requestOrigin));
}

export async function createPage(ctx: TenantCtx, input: LandingPageInput): Promise<LandingPageRow> {
  await checkForm(ctx, input.formId);
  const [taken] = await ctx.db
    .select({ id: landingPages.id })
    .from(landingPages)
    .where(and(ownedBy(landingPages, ctx), eq(landingPages.slug, input.slug)));
  if (taken)
    throw new ApiError("conflict", `A landing page with slug ${input.slug} exists`, [
      { field: "slug", code: "duplicate", message: `slug ${input.slug} is taken` },
    ]);
  const at = ctx.now.toISOString();
  const page: LandingPageRow = {
    id: newId("lp", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    name: input.name,
    description: input.description ?? null,
    slug: input.slug,
    sections: input.sections ?? [],
    seo: input.seo ?? {},
    style: input.style ?? {},
    content: await sanitizeHtml(input.content ?? ""),
    formId: input.formId ?? null,
    status: "draft",
    publishedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.db.insert(landingPages).values(page);
  return page;
}

export const getPage = (ctx: TenantCtx, id: string) => findOwned(ctx, landingPages, id, "Landing page");

export function listPages(ctx: TenantCtx): Promise<LandingPageRow[]> {
  return ctx.db.select().from(landingPages).where(ownedBy(landingPages, ctx)).orderBy(desc(landingPages.createdAt));
}

/**
 * Changes a page; a published page's cached copy is purged so the change shows at once, and a
 * published page is held to what publishing asks.
 */
export async function updatePage(
  ctx: TenantCtx,
  id: string,
  change: Partial<LandingPageInput>,
  requestOrigin: string,
): Promise<LandingPageRow> {
  const page = await getPage(ctx, id);
  await checkForm(ctx, change.formId);
  if (change.slug && change.slug !== page.slug) {
    const [taken] = await ctx.db
      .select({ id: landingPages.id })
      .from(landingPages)
      .where(and(ownedBy(landingPages, ctx), eq(landingPages.slug, change.slug)));
    if (taken)
      throw new ApiError("conflict", `A landing page with slug ${change.slug} exists`, [
        { field: "slug", code: "duplicate", message: `slug ${change.slug} is taken` },
      ]);
  }
  const set = {
    ...Object.fromEntries(Object.entries(change).filter(([k, v]) => v !== undefined && k !== "content")),
    ...(change.content !== undefined ? { content: await sanitizeHtml(change.content) } : {}),
    updatedAt: ctx.now.toISOString(),
  };
  if (page.status === "published") await checkPublishable(ctx, { ...page, ...set }, requestOrigin);
  const [updated] = await ctx.db
    .update(landingPages)
    .set(set)
    .where(and(ownedBy(landingPages, ctx), eq(landingPages.id, id)))
    .returning();
  await purge(ctx, page.slug);
  if (updated!.slug !== page.slug) await purge(ctx, updated!.slug);
  return updated!;
}

/** Publishes or unpublishes a page. A page with a form section needs a form its visitors can post to. */
export async function setPublished(ctx: TenantCtx, id: string, published: boolean, requestOrigin: string): Promise<LandingPageRow> {
  const page = await getPage(ctx, id);
  if (published) await checkPublishable(ctx, page, requestOrigin);
  if (published && ctx.testMode)
    throw ApiError.invalidField("status", "test_mode", "test-mode pages are previews; publish with a live key");
  const at = ctx.now.toISOString();
  const [updated] = await ctx.db
    .update(landingPages)
    .set({ status: published ? "published" : "draft", publishedAt: published ? at : null, updatedAt: at })
    .where(and(ownedBy(landingPages, ctx), eq(landingPages.id, id)))
    .returning();
  // A page not published has no copy to purge (only a published page is cached); publishing changes no copy.
  if (!published) await purge(ctx, page.slug);
  return updated!;
}

export async function deletePage(ctx: TenantCtx, id: string): Promise<void> {
  const page = await getPage(ctx, id);
  await ctx.db.delete(landingPages).where(and(ownedBy(landingPages, ctx), eq(landingPages.id, id)));
  await purge(ctx, page.slug);
}

/** A published page by its public address, with its tenant's name; null when there is none. */
export async function publishedPage(ctx: Ctx, tenantSlug: string, slug: string) {
  const [row] = await ctx.db
    .select({ page: landingPages, tenantName: tenants.name })
    .from(landingPages)
    .innerJoin(tenants, eq(tenants.id, landingPages.tenantId))
    .where(
      and(
        eq(tenants.slug, tenantSlug),
        eq(landingPages.slug, slug),
        eq(landingPages.testMode, false),
        eq(landingPages.status, "published"),
      ),
    )
    .limit(1);
  return row ?? null;
}

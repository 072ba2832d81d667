import { and, desc, eq } from "drizzle-orm";
import { type Site, sites } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { deleteUnlessCommandsName } from "../lead-generation/command-references";
import { findOwned } from "../owned";

export interface SiteInput {
  name: string;
  url: string;
}

/** A new site, with the caller's id when it chose one (409 when the tenant has a site with that id). */
export async function createSite(ctx: TenantCtx, input: SiteInput & { id?: string }): Promise<Site> {
  const at = ctx.now.toISOString();
  const { id, ...fields } = input;
  const site: Site = { id: id ?? newId("site"), tenantId: ctx.tenant.id, testMode: ctx.testMode, ...fields, createdAt: at, updatedAt: at };
  const inserted = await ctx.db.insert(sites).values(site).onConflictDoNothing().returning({ id: sites.id });
  if (inserted.length === 0)
    throw new ApiError("conflict", `A site with id ${site.id} already exists`, [
      { field: "id", code: "taken", message: "Another site has this id" },
    ]);
  return site;
}

export function getSite(ctx: TenantCtx, siteId: string): Promise<Site> {
  return findOwned(ctx, sites, siteId, "Site");
}

export async function listSites(ctx: TenantCtx, page: { limit: number; offset: number }): Promise<Site[]> {
  return ctx.db.select().from(sites).where(ownedBy(sites, ctx)).orderBy(desc(sites.createdAt)).limit(page.limit).offset(page.offset);
}

export async function updateSite(ctx: TenantCtx, siteId: string, change: Partial<SiteInput>): Promise<Site> {
  const [site] = await ctx.db
    .update(sites)
    .set({ ...change, updatedAt: ctx.now.toISOString() })
    .where(and(ownedBy(sites, ctx), eq(sites.id, siteId)))
    .returning();
  if (!site) throw new ApiError("not_found", `Site ${siteId} does not exist`);
  return site;
}

/** Deletes a site; one a processing lead generation command names is a 409. */
export function deleteSite(ctx: TenantCtx, siteId: string): Promise<void> {
  return deleteUnlessCommandsName(ctx, "site", siteId);
}

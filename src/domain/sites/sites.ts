import { and, desc, eq } from "drizzle-orm";
import { type Site, sites } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { deleteOwned, findOwned } from "../owned";

export interface SiteInput {
  name: string;
  url: string;
}

export async function createSite(ctx: TenantCtx, input: SiteInput): Promise<Site> {
  const at = ctx.now.toISOString();
  const site: Site = { id: newId("site"), tenantId: ctx.tenant.id, testMode: ctx.testMode, ...input, createdAt: at, updatedAt: at };
  await ctx.db.insert(sites).values(site);
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

export function deleteSite(ctx: TenantCtx, siteId: string): Promise<void> {
  return deleteOwned(ctx, sites, siteId, "Site");
}

import { desc, eq } from "drizzle-orm";
import { apiKeys, type Tenant, tenants } from "../../db/schema";
import { forgetKeys } from "../../platform/auth";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { Plan } from "../../platform/plans";
import type { Ctx, TenantCtx } from "../context";
import { forgetForms } from "../forms/form-cache";
import { slugOf } from "../slug";
import { newApiKeyRow } from "./key-rows";

export interface CreateTenantInput {
  name: string;
  plan: Plan;
  slug?: string;
  /** Sequence emails one lead may get per local day, across sequences; absent, no cap. */
  lead_daily_email_cap?: number | null;
}

async function slugTaken(ctx: Ctx, slug: string): Promise<boolean> {
  const [row] = await ctx.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row !== undefined;
}

async function freeSlug(ctx: Ctx, input: CreateTenantInput): Promise<string> {
  if (input.slug) {
    if (await slugTaken(ctx, input.slug))
      throw new ApiError("conflict", `Slug ${input.slug} is taken`, [
        { field: "slug", code: "taken", message: "Another tenant has this slug" },
      ]);
    return input.slug;
  }
  const base = slugOf(input.name, "tenant", 48);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(ctx, candidate))) return candidate;
  }
}

/** Creates a tenant with one live and one test key, all in one D1 batch; the keys are shown only here. */
export async function createTenant(ctx: Ctx, input: CreateTenantInput) {
  const at = ctx.now.toISOString();
  const tenant: Tenant = {
    id: newId("ten"),
    name: input.name,
    slug: await freeSlug(ctx, input),
    leadDailyEmailCap: input.lead_daily_email_cap ?? null,
    plan: input.plan,
    sendingDomains: [],
    createdAt: at,
    updatedAt: at,
  };
  const live = await newApiKeyRow(ctx, tenant.id, { mode: "live" });
  const test = await newApiKeyRow(ctx, tenant.id, { mode: "test" });
  await ctx.db.batch([
    ctx.db.insert(tenants).values(tenant),
    ctx.db.insert(apiKeys).values(live.row),
    ctx.db.insert(apiKeys).values(test.row),
  ]);
  return { tenant, liveKey: live.key, testKey: test.key };
}

export async function getTenant(ctx: Ctx, tenantId: string): Promise<Tenant> {
  const [tenant] = await ctx.db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  if (!tenant) throw new ApiError("not_found", `Tenant ${tenantId} does not exist`);
  return tenant;
}

export async function listTenants(ctx: Ctx, page: { limit: number; offset: number }): Promise<Tenant[]> {
  return ctx.db.select().from(tenants).orderBy(desc(tenants.createdAt)).limit(page.limit).offset(page.offset);
}

/** This isolate's kept keys and forms carry the tenant: they go at once, other isolates' within their bound. */
function forgetTenant(tenantId: string): void {
  forgetKeys((row) => row.tenant.id === tenantId);
  forgetForms((target) => target.tenant.id === tenantId);
}

/** Changes a tenant's name, plan or lead email cap; a new plan's quotas apply from the next request (elsewhere within ISOLATE_CACHE_TTL_MS). */
export async function updateTenant(
  ctx: Ctx,
  tenantId: string,
  change: { name?: string; plan?: Plan; lead_daily_email_cap?: number | null },
): Promise<Tenant> {
  const { lead_daily_email_cap, ...rest } = change;
  const [updated] = await ctx.db
    .update(tenants)
    .set({
      ...rest,
      ...(lead_daily_email_cap !== undefined ? { leadDailyEmailCap: lead_daily_email_cap } : {}),
      updatedAt: ctx.now.toISOString(),
    })
    .where(eq(tenants.id, tenantId))
    .returning();
  if (!updated) throw new ApiError("not_found", `Tenant ${tenantId} does not exist`);
  forgetTenant(tenantId);
  return updated;
}

/**
 * Sets the domains the tenant sends email from (lower case, each once); senders must use one of them.
 * The list is the tenant's, shared by both modes, so a test-mode key may read it but not change it.
 */
export async function setSendingDomains(ctx: TenantCtx, domains: string[]): Promise<Tenant> {
  if (ctx.testMode) {
    const message = "sending_domains is shared by live and test mode; change it with a live-mode key";
    throw new ApiError("insufficient_scope", message, [{ field: "sending_domains", code: "live_mode_required", message }]);
  }
  const [updated] = await ctx.db
    .update(tenants)
    .set({ sendingDomains: [...new Set(domains.map((d) => d.toLowerCase()))], updatedAt: ctx.now.toISOString() })
    .where(eq(tenants.id, ctx.tenant.id))
    .returning();
  forgetTenant(ctx.tenant.id);
  return updated!;
}

/** A domain context acting for a tenant outside a request (a queue consumer, a Workflow). */
export async function actingFor(ctx: Ctx, owner: { tenantId: string; testMode: boolean }): Promise<TenantCtx> {
  const tenant = await getTenant(ctx, owner.tenantId);
  return { ...ctx, tenant, testMode: owner.testMode };
}

import { desc, eq } from "drizzle-orm";
import { apiKeys, type Tenant, tenants } from "../../db/schema";
import { uniqueViolation } from "../../db/unique-violation";
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

const SLUG_MAX_LENGTH = 48;
/** Enough for a burst of creations sharing a name; each lost race looks the free slugs up again. */
const DERIVED_SLUG_ATTEMPTS = 5;

async function slugTaken(ctx: Ctx, slug: string): Promise<boolean> {
  const [row] = await ctx.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row !== undefined;
}

function slugConflict(slug: string): ApiError {
  return new ApiError("conflict", `Slug ${slug} is taken`, [{ field: "slug", code: "taken", message: "Another tenant has this slug" }]);
}

/** The n-th slug derived from a name: the base, then `base-2`, `base-3`…, each within the explicit slugs' limit. */
function derivedSlug(base: string, n: number): string {
  if (n === 1) return base;
  const suffix = `-${n}`;
  return `${base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
}

async function freeSlug(ctx: Ctx, input: CreateTenantInput): Promise<string> {
  if (input.slug) {
    if (await slugTaken(ctx, input.slug)) throw slugConflict(input.slug);
    return input.slug;
  }
  const base = slugOf(input.name, "tenant", SLUG_MAX_LENGTH);
  for (let n = 1; ; n++) {
    const candidate = derivedSlug(base, n);
    if (!(await slugTaken(ctx, candidate))) return candidate;
  }
}

/**
 * Creates a tenant with one live and one test key, all in one D1 batch; the keys are shown only here.
 * A taken explicit slug is a 409; a slug derived from the name takes the next free suffix.
 */
export async function createTenant(ctx: Ctx, input: CreateTenantInput) {
  for (let attempt = 1; ; attempt++) {
    const slug = await freeSlug(ctx, input);
    try {
      return await insertTenant(ctx, input, slug);
    } catch (error) {
      // Another creation took the slug between our look-up and our insert.
      if (!uniqueViolation(error, "tenants")) throw error;
      if (input.slug) throw slugConflict(slug);
      if (attempt >= DERIVED_SLUG_ATTEMPTS) {
        throw new ApiError("conflict", `Every slug tried for ${input.name} was taken meanwhile; retry or send a slug`, [
          { field: "slug", code: "taken", message: "Tenants with this name are being created at the same time" },
        ]);
      }
    }
  }
}

async function insertTenant(ctx: Ctx, input: CreateTenantInput, slug: string) {
  const at = ctx.now.toISOString();
  const tenant: Tenant = {
    id: newId("ten"),
    name: input.name,
    slug,
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

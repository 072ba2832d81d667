import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/database";
import { type Suppression, suppressions } from "../../db/schema";
import { ownedBy, type TenantScope } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { D1_MAX_BOUND_PARAMETERS, slices } from "../../platform/limits";
import type { TenantCtx } from "../context";

// The addresses a tenant never emails again: unsubscribed, hard-bounced, complained, or added by
// hand. Every send checks the list, at queueing and again just before the email goes.
//
// Entries are written, listed and removed per mode, like all tenant data, but a send checks both
// modes: test mode sends real email too, so a person who unsubscribed from either must not get the other.

/** The tenant's entries in either mode; `test_mode IN (0, 1)` keeps the primary key's exact lookups. */
function ofTenant(ctx: TenantCtx) {
  return and(eq(suppressions.tenantId, ctx.tenant.id), inArray(suppressions.testMode, [false, true]));
}

export async function isSuppressed(ctx: TenantCtx, email: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ email: suppressions.email })
    .from(suppressions)
    .where(and(ofTenant(ctx), eq(suppressions.email, email.toLowerCase())))
    .limit(1);
  return row !== undefined;
}

/** Which of `emails` are on the list (lower case), in lookups of at most 90 addresses. */
export async function suppressedAmong(ctx: TenantCtx, emails: string[]): Promise<Set<string>> {
  return new Set((await suppressionsAmong(ctx, emails)).keys());
}

/**
 * The suppressed addresses among `emails` (lower case), each with why it is on the list. An address
 * listed in both modes gives the reason its key's own mode lists, the one that key's list shows.
 */
export async function suppressionsAmong(ctx: TenantCtx, emails: string[]): Promise<Map<string, Suppression["reason"]>> {
  const found = new Map<string, Suppression["reason"]>();
  for (const part of slices([...new Set(emails.map((e) => e.toLowerCase()))], D1_MAX_BOUND_PARAMETERS - 10)) {
    const rows = await ctx.db
      .select({ email: suppressions.email, reason: suppressions.reason, testMode: suppressions.testMode })
      .from(suppressions)
      .where(and(ofTenant(ctx), inArray(suppressions.email, part)));
    for (const row of rows) if (row.testMode === ctx.testMode || !found.has(row.email)) found.set(row.email, row.reason);
  }
  return found;
}

/** The insert that puts an address on the list; an address already there keeps its first reason. */
export function suppressionInsert(
  db: Database,
  owner: TenantScope,
  entry: { email: string; reason: Suppression["reason"]; messageId: string | null },
  now: Date,
) {
  return db
    .insert(suppressions)
    .values({
      tenantId: owner.tenant.id,
      testMode: owner.testMode,
      email: entry.email.toLowerCase(),
      reason: entry.reason,
      messageId: entry.messageId,
      createdAt: now.toISOString(),
    })
    .onConflictDoNothing();
}

export async function addSuppression(ctx: TenantCtx, email: string): Promise<Suppression> {
  await suppressionInsert(ctx.db, ctx, { email, reason: "manual", messageId: null }, ctx.now);
  const [row] = await ctx.db
    .select()
    .from(suppressions)
    .where(and(ownedBy(suppressions, ctx), eq(suppressions.email, email.toLowerCase())));
  return row!;
}

export async function listSuppressions(
  ctx: TenantCtx,
  page: { limit: number; offset: number; reason?: Suppression["reason"] },
): Promise<Suppression[]> {
  return ctx.db
    .select()
    .from(suppressions)
    .where(page.reason ? and(ownedBy(suppressions, ctx), eq(suppressions.reason, page.reason)) : ownedBy(suppressions, ctx))
    .orderBy(desc(suppressions.createdAt), desc(suppressions.email))
    .limit(page.limit)
    .offset(page.offset);
}

/** Takes an address off this mode's list; while the other mode lists it too, it is still not emailed. */
export async function removeSuppression(ctx: TenantCtx, email: string): Promise<void> {
  const removed = await ctx.db
    .delete(suppressions)
    .where(and(ownedBy(suppressions, ctx), eq(suppressions.email, email.toLowerCase())))
    .returning({ email: suppressions.email });
  if (removed.length === 0) throw new ApiError("not_found", await notListed(ctx, email));
}

/** Why this mode has no entry to remove: none at all, or only the other mode's, which still holds every send. */
async function notListed(ctx: TenantCtx, email: string): Promise<string> {
  const mode = (testMode: boolean) => (testMode ? "test" : "live");
  const inOther = await isSuppressed(ctx, email);
  if (!inOther) return `${email} is not suppressed`;
  return (
    `${mode(ctx.testMode)} mode does not list ${email}; ${mode(!ctx.testMode)} mode does, and that keeps it from every send: ` +
    `remove it with a ${mode(!ctx.testMode)}-mode key`
  );
}

import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/database";
import { type Suppression, suppressions } from "../../db/schema";
import { ownedBy, type TenantScope } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { D1_MAX_BOUND_PARAMETERS, slices } from "../../platform/limits";
import type { TenantCtx } from "../context";

// The addresses a tenant never emails again: unsubscribed, hard-bounced, complained, or added by
// hand. Every send checks the list, at queueing and again just before the email goes.

export async function isSuppressed(ctx: TenantCtx, email: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ email: suppressions.email })
    .from(suppressions)
    .where(and(ownedBy(suppressions, ctx), eq(suppressions.email, email.toLowerCase())))
    .limit(1);
  return row !== undefined;
}

/** Which of `emails` are on the list (lower case), in lookups of at most 90 addresses. */
export async function suppressedAmong(ctx: TenantCtx, emails: string[]): Promise<Set<string>> {
  return new Set((await suppressionsAmong(ctx, emails)).keys());
}

/** The suppressed addresses among `emails` (lower case), each with why it is on the list. */
export async function suppressionsAmong(ctx: TenantCtx, emails: string[]): Promise<Map<string, Suppression["reason"]>> {
  const found = new Map<string, Suppression["reason"]>();
  for (const part of slices([...new Set(emails.map((e) => e.toLowerCase()))], D1_MAX_BOUND_PARAMETERS - 10)) {
    const rows = await ctx.db
      .select({ email: suppressions.email, reason: suppressions.reason })
      .from(suppressions)
      .where(and(ownedBy(suppressions, ctx), inArray(suppressions.email, part)));
    for (const row of rows) found.set(row.email, row.reason);
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

/** Takes an address off the list: it may be emailed again. */
export async function removeSuppression(ctx: TenantCtx, email: string): Promise<void> {
  const removed = await ctx.db
    .delete(suppressions)
    .where(and(ownedBy(suppressions, ctx), eq(suppressions.email, email.toLowerCase())))
    .returning({ email: suppressions.email });
  if (removed.length === 0) throw new ApiError("not_found", `${email} is not suppressed`);
}

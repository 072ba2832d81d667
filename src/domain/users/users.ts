import { and, desc, eq, ne } from "drizzle-orm";
import { type User, users } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { deleteOwned, findOwned } from "../owned";

export interface UserInput {
  name: string;
  email: string;
}

async function assertEmailFree(ctx: TenantCtx, email: string, exceptId?: string) {
  const filters = [ownedBy(users, ctx), eq(users.email, email)];
  if (exceptId) filters.push(ne(users.id, exceptId));
  const [taken] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(...filters))
    .limit(1);
  if (taken)
    throw new ApiError("conflict", `A user with email ${email} already exists (${taken.id})`, [
      { field: "email", code: "taken", message: "Another user has this email" },
    ]);
}

/** A new user, with the caller's id when it chose one; an id or email the tenant already has is a 409. */
export async function createUser(ctx: TenantCtx, input: UserInput & { id?: string }): Promise<User> {
  const email = input.email.toLowerCase();
  const at = ctx.now.toISOString();
  const user: User = {
    id: input.id ?? newId("user"),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    name: input.name,
    email,
    createdAt: at,
    updatedAt: at,
  };
  // The primary key (tenant, mode, id) and the unique index on (tenant, mode, email) decide between racing creates.
  const inserted = await ctx.db.insert(users).values(user).onConflictDoNothing().returning({ id: users.id });
  if (inserted.length === 0) {
    await assertEmailFree(ctx, email);
    throw new ApiError("conflict", `A user with id ${user.id} already exists`, [
      { field: "id", code: "taken", message: "Another user has this id" },
    ]);
  }
  return user;
}

export function getUser(ctx: TenantCtx, userId: string): Promise<User> {
  return findOwned(ctx, users, userId, "User");
}

export async function listUsers(ctx: TenantCtx, page: { limit: number; offset: number }): Promise<User[]> {
  return ctx.db.select().from(users).where(ownedBy(users, ctx)).orderBy(desc(users.createdAt)).limit(page.limit).offset(page.offset);
}

export async function updateUser(ctx: TenantCtx, userId: string, change: Partial<UserInput>): Promise<User> {
  const email = change.email?.toLowerCase();
  if (email) await assertEmailFree(ctx, email, userId);
  const [user] = await ctx.db
    .update(users)
    .set({ ...change, ...(email ? { email } : {}), updatedAt: ctx.now.toISOString() })
    .where(and(ownedBy(users, ctx), eq(users.id, userId)))
    .returning();
  if (!user) throw new ApiError("not_found", `User ${userId} does not exist`);
  return user;
}

export function deleteUser(ctx: TenantCtx, userId: string): Promise<void> {
  return deleteOwned(ctx, users, userId, "User");
}

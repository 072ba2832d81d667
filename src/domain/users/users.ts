import { and, desc, eq, ne } from "drizzle-orm";
import { type User, users } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { uniqueViolation } from "../../db/unique-violation";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { deleteUnlessCommandsName } from "../lead-generation/command-references";
import { findOwned } from "../owned";

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
  if (taken) throw emailTaken(email, taken.id);
}

function emailTaken(email: string, takenBy?: string): ApiError {
  return new ApiError("conflict", `A user with email ${email} already exists${takenBy ? ` (${takenBy})` : ""}`, [
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

/** Changes a user; an email another user of the tenant has is a 409 naming `email`. */
export async function updateUser(ctx: TenantCtx, userId: string, change: Partial<UserInput>): Promise<User> {
  const email = change.email?.toLowerCase();
  let user: User | undefined;
  try {
    // The unique index decides, so two users changed to one email at once cannot both take it.
    [user] = await ctx.db
      .update(users)
      .set({ ...change, ...(email ? { email } : {}), updatedAt: ctx.now.toISOString() })
      .where(and(ownedBy(users, ctx), eq(users.id, userId)))
      .returning();
  } catch (error) {
    if (!email || !uniqueViolation(error, "users")) throw error;
    await assertEmailFree(ctx, email, userId);
    throw emailTaken(email);
  }
  if (!user) throw new ApiError("not_found", `User ${userId} does not exist`);
  return user;
}

/** Deletes a user; one a processing lead generation command names is a 409. */
export function deleteUser(ctx: TenantCtx, userId: string): Promise<void> {
  return deleteUnlessCommandsName(ctx, "user", userId);
}

import { and, eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { ownedBy } from "../db/scope";
import { ApiError } from "../platform/errors";
import type { TenantCtx } from "./context";

/** A tenant-owned table: an `id`, and the tenant and mode every query is scoped by. */
type OwnedTable = SQLiteTable & { id: SQLiteColumn; tenantId: SQLiteColumn; testMode: SQLiteColumn };

/** The caller's row with this id, or 404: another tenant's id (or the other mode's) is not found. */
export async function findOwned<T extends OwnedTable>(ctx: TenantCtx, table: T, id: string, noun: string): Promise<T["$inferSelect"]> {
  const [row] = await ctx.db
    .select()
    .from(table as SQLiteTable)
    .where(and(ownedBy(table, ctx), eq(table.id, id)))
    .limit(1);
  if (!row) throw new ApiError("not_found", `${noun} ${id} does not exist`);
  return row as T["$inferSelect"];
}

/** Deletes the caller's row with this id, or 404. */
export async function deleteOwned<T extends OwnedTable>(ctx: TenantCtx, table: T, id: string, noun: string): Promise<void> {
  const deleted = await ctx.db
    .delete(table)
    .where(and(ownedBy(table, ctx), eq(table.id, id)))
    .returning({ id: table.id });
  if (deleted.length === 0) throw new ApiError("not_found", `${noun} ${id} does not exist`);
}

import { and, eq, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { TenantCtx } from "../domain/context";

/** The filter every tenant-owned query starts from: this tenant, and live or test data only. */
export function ownedBy(table: { tenantId: SQLiteColumn; testMode: SQLiteColumn }, ctx: TenantCtx): SQL {
  return and(eq(table.tenantId, ctx.tenant.id), eq(table.testMode, ctx.testMode)) as SQL;
}

import { and, eq, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** What scopes a query: the acting tenant and whether it acts in test mode (a domain TenantCtx is one). */
export interface TenantScope {
  tenant: { id: string };
  testMode: boolean;
}

/** The filter every tenant-owned query starts from: this tenant, and live or test data only. */
export function ownedBy(table: { tenantId: SQLiteColumn; testMode: SQLiteColumn }, ctx: TenantScope): SQL {
  return and(eq(table.tenantId, ctx.tenant.id), eq(table.testMode, ctx.testMode)) as SQL;
}

import { getTableColumns } from "drizzle-orm";
import { type Lead, leads } from "../../db/schema";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";

/** A new lead of the caller's tenant and mode: every column null but the required ones, then `fields`. */
export function blankLead(ctx: TenantCtx, fields: Partial<Lead>): Lead {
  const at = ctx.now.toISOString();
  // The leads table's columns are exactly a Lead's keys; Object.fromEntries only forgets their names.
  const nulls = Object.fromEntries(Object.keys(getTableColumns(leads)).map((k) => [k, null])) as Record<keyof Lead, null>;
  return {
    ...nulls,
    id: newId("lead", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    status: "new",
    customFields: {},
    enhancements: {},
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

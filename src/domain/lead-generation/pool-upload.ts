import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { type ImportReport, importPool, rowsFromCsv, rowsFromJson } from "./pool-import";

/** An import as it was sent: a CSV file, or JSON rows (undefined when the body had none). */
export type PoolUpload = { csv: string } | { rows: Record<string, unknown>[] | undefined };

function missingBody(): never {
  throw ApiError.invalidField("body", "missing_required", 'send a CSV (text/csv) or {"rows": [...]} (application/json)');
}

/** Imports a CSV file or JSON rows into the pool; a body with neither, or with no rows, is refused. */
export async function importUpload(ctx: TenantCtx, upload: PoolUpload): Promise<ImportReport> {
  const rows = "csv" in upload ? rowsFromCsv(upload.csv) : rowsFromJson(upload.rows ?? missingBody());
  if (rows.length === 0) throw ApiError.invalidField("body", "empty", "the import has no rows");
  return importPool(ctx, rows);
}

import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "./database";

// Rows per statement. Each statement binds one JSON text parameter, so D1's limit of 100 bound
// parameters never applies and a 1,000-lead batch takes a handful of statements, not thousands.
const ROWS_PER_STATEMENT = 200;

/**
 * Insert statements for many rows: `INSERT … SELECT json_extract(value, '$[i]') … FROM json_each(?)`.
 * Values go through each column's own driver mapping (JSON columns become text, booleans 0/1), as
 * drizzle's insert would. They are D1 statements rather than drizzle queries because drizzle's
 * D1 batch cannot bind parameters of raw SQL; run them with `runBatch`.
 */
export function insertRows<T extends SQLiteTable>(db: Database, table: T, rows: T["$inferInsert"][]): D1PreparedStatement[] {
  return insertRowsIf(db, table, rows, null, []);
}

/**
 * `insertRows` whose rows are written only if `condition` (SQL, with `params`) holds when each
 * statement runs: a batch that must write all of its rows or none, say, checks the state its own
 * first statement left.
 */
export function insertRowsIf<T extends SQLiteTable>(
  db: Database,
  table: T,
  rows: T["$inferInsert"][],
  condition: string | null,
  params: unknown[],
): D1PreparedStatement[] {
  const { sql, values } = insertFromJson(table);
  const statement = db.$client.prepare(condition === null ? sql : `${sql} WHERE ${condition}`);
  const statements: D1PreparedStatement[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    statements.push(statement.bind(JSON.stringify(rows.slice(start, start + ROWS_PER_STATEMENT).map(values)), ...params));
  }
  return statements;
}

/**
 * A statement that inserts one row only if `condition` (SQL over the table as it is, with `params`)
 * holds, so a limit checked by the condition cannot be overrun by concurrent inserts; its
 * `meta.changes` says whether the row was written. `orIgnore` also makes a duplicate key a no-op.
 */
export function insertRowIfStatement<T extends SQLiteTable>(
  db: Database,
  table: T,
  row: T["$inferInsert"],
  condition: string,
  params: unknown[],
  orIgnore = false,
): D1PreparedStatement {
  const { sql, values } = insertFromJson(table);
  return db.$client
    .prepare(`${orIgnore ? sql.replace(/^INSERT INTO/, "INSERT OR IGNORE INTO") : sql} WHERE ${condition}`)
    .bind(JSON.stringify([values(row)]), ...params);
}

/**
 * Insert-or-update statements keyed by `id`: a row whose id exists updates it, each column to the
 * row's value or, where the row has null, to what it was (`keep` columns are never overwritten).
 */
export function upsertRows<T extends SQLiteTable>(
  db: Database,
  table: T,
  rows: T["$inferInsert"][],
  keep: string[],
): D1PreparedStatement[] {
  const { sql, values } = insertFromJson(table);
  const updates = Object.values(getTableColumns(table))
    .map((column) => column.name)
    .filter((name) => name !== "id" && !keep.includes(name))
    .map((name) => `"${name}" = coalesce(excluded."${name}", "${name}")`)
    .join(", ");
  // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
  const statement = db.$client.prepare(`${sql} WHERE true ON CONFLICT ("id") DO UPDATE SET ${updates}`);
  const statements: D1PreparedStatement[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    statements.push(statement.bind(JSON.stringify(rows.slice(start, start + ROWS_PER_STATEMENT).map(values))));
  }
  return statements;
}

/** `INSERT … SELECT json_extract(value, '$[i]') … FROM json_each(?)`, and a row as that JSON. */
function insertFromJson<T extends SQLiteTable>(table: T) {
  const columns = Object.entries(getTableColumns(table));
  const names = columns.map(([, column]) => `"${column.name}"`).join(", ");
  const picks = columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(", ");
  const values = (row: T["$inferInsert"]) =>
    columns.map(([key, column]) => {
      const value = (row as Record<string, unknown>)[key];
      return value === undefined || value === null ? null : column.mapToDriverValue(value);
    });
  return { sql: `INSERT INTO "${getTableName(table)}" (${names}) SELECT ${picks} FROM json_each(?)`, values };
}

/** Runs D1 statements as one batch: one transaction, all or nothing. */
export async function runBatch(db: Database, statements: D1PreparedStatement[]): Promise<void> {
  if (statements.length > 0) await db.$client.batch(statements);
}

/** A drizzle query as a D1 statement, to run in one `runBatch` with raw statements. */
export function asStatement(db: Database, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return db.$client.prepare(sql).bind(...params);
}

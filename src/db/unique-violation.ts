/**
 * Whether a D1 error (or the error it wraps: drizzle puts D1's in `cause`) is SQLite refusing a
 * write on a unique index of `table`, as when a concurrent request took the value first.
 */
export function uniqueViolation(error: unknown, table: string): boolean {
  const causes = [error, (error as { cause?: unknown } | null)?.cause];
  return causes.some((e) => e instanceof Error && e.message.includes(`UNIQUE constraint failed: ${table}.`));
}

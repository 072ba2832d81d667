import { env } from "cloudflare:workers";

/** The number a `SELECT COUNT(*) n …` query answers, its `?` bound to `args`. */
export async function count(sql: string, ...args: unknown[]): Promise<number> {
  const n = await env.DB.prepare(sql)
    .bind(...args)
    .first<number>("n");
  if (n === null) throw new Error(`no row: ${sql}`);
  return n;
}

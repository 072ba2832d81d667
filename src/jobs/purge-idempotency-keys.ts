import { lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { idempotencyKeys } from "../db/schema";

/** Hourly cron: drops Idempotency-Key records past their 24 h expiry. Returns how many went. */
export async function purgeExpiredIdempotencyKeys(env: Env, now: Date): Promise<number> {
  const result = await drizzle(env.DB).delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now.toISOString()));
  return result.meta.changes;
}

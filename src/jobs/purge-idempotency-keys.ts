import { lt } from "drizzle-orm";
import { openDatabase } from "../db/database";
import { idempotencyKeys } from "../db/schema";

/** Hourly cron: drops Idempotency-Key records past their 24 h expiry. Returns how many went. */
export async function purgeExpiredIdempotencyKeys(env: Env, now: Date): Promise<number> {
  const result = await openDatabase(env.DB).delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now.toISOString()));
  return result.meta.changes;
}

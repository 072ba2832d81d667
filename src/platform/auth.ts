import { eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import type { Database } from "../db/database";
import { type ApiKey, apiKeys, type Tenant, tenants } from "../db/schema";
import { hashApiKey, looksLikeApiKey } from "./api-keys";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";
import { ipAllowed } from "./ip-allowlist";
import { IsolateCache } from "./isolate-cache";
import { grants, requiredScope } from "./scopes";

// last_used_at is a hint for people auditing keys, not an audit log: refreshing it at most once
// a minute keeps a D1 write off nearly every request.
const LAST_USED_RESOLUTION_MS = 60_000;

function unauthorized(message: string): ApiError {
  return new ApiError("unauthorized", message, [{ field: "Authorization", code: "invalid_credentials", message }]);
}

type KeyRow = { key: ApiKey; tenant: Tenant };

// Keys by hash: a revoked key, or a tenant's new plan, applies within ISOLATE_CACHE_TTL_MS in
// other isolates (expiry is checked on every request against the kept row).
const keyCache = new IsolateCache<KeyRow>();

/** After revoking a key or changing a tenant here, this isolate stops using what it kept. */
export function forgetKeys(matches: (row: KeyRow) => boolean): void {
  keyCache.forget(matches);
}

async function findKey(db: Database, keyHash: string): Promise<KeyRow> {
  const [row] = await db
    .select({ key: apiKeys, tenant: tenants })
    .from(apiKeys)
    .innerJoin(tenants, eq(apiKeys.tenantId, tenants.id))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  if (!row) throw unauthorized("Invalid API key");
  return row;
}

/** API-key authentication, tenant check and scope check for every tenant route. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized("Missing API key: send it as Authorization: Bearer <key>");
  const token = match[1];
  if (!looksLikeApiKey(token)) throw unauthorized("Malformed API key: expected lk_live_… or lk_test_…");

  const keyHash = await hashApiKey(token);
  const { key, tenant } = await c.var.timing.measure("auth", () => keyCache.get(keyHash, () => findKey(c.var.db, keyHash)));
  const now = new Date();
  if (key.revokedAt) throw unauthorized(`API key ${key.prefix}… was revoked at ${key.revokedAt}`);
  if (key.expiresAt && key.expiresAt <= now.toISOString()) throw unauthorized(`API key ${key.prefix}… expired at ${key.expiresAt}`);

  const claimedTenant = c.req.header("X-Tenant-Id");
  if (claimedTenant !== undefined && claimedTenant !== tenant.id && claimedTenant !== tenant.slug) {
    throw new ApiError("unauthorized", "X-Tenant-Id does not match the API key's tenant", [
      { field: "X-Tenant-Id", code: "tenant_mismatch", message: "X-Tenant-Id does not match the API key's tenant" },
    ]);
  }
  const clientIp = c.req.header("CF-Connecting-IP");
  if (key.allowedIps?.length && !(clientIp && ipAllowed(clientIp, key.allowedIps))) {
    throw new ApiError("ip_not_allowed", `API key ${key.prefix}… may not be used from ${clientIp ?? "an unknown address"}`);
  }

  const needed = requiredScope(c.req.path, c.req.method, c.var.family);
  if (needed && !grants(key.scopes, needed)) {
    throw new ApiError("insufficient_scope", `This API key lacks the ${needed} scope`, [
      { field: "Authorization", code: "missing_scope", message: `Requires scope ${needed}` },
    ]);
  }

  c.set("caller", {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, plan: tenant.plan, sendingDomains: tenant.sendingDomains },
    apiKey: { id: key.id, prefix: key.prefix, mode: key.mode, scopes: key.scopes },
    testMode: key.mode === "test",
  });
  if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
    // The kept row too, so that this isolate writes it once a minute and not on every request.
    key.lastUsedAt = now.toISOString();
    c.executionCtx.waitUntil(
      c.var.db
        .update(apiKeys)
        .set({ lastUsedAt: now.toISOString() })
        .where(eq(apiKeys.id, key.id))
        .then(() => undefined),
    );
  }
  await next();
});

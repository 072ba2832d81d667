import { and, desc, eq, isNull } from "drizzle-orm";
import { type ApiKey, apiKeys } from "../../db/schema";
import { forgetKeys } from "../../platform/auth";
import { ApiError } from "../../platform/errors";
import { allowlistCovers } from "../../platform/ip-allowlist";
import { scopesCover } from "../../platform/scopes";
import type { TenantCtx } from "../context";
import { newApiKeyRow } from "./key-rows";

// Keys a tenant manages itself (`/api/v1/api-keys`). The calling key is the ceiling of every key it
// makes or touches: no scope it lacks, no other mode, no later expiry, no wider IP allowlist. So a
// narrow key cannot mint, rotate into or revoke a broader one.

/** The calling key, as these verbs need it. */
export interface CallingKey {
  id: string;
}

export interface OwnKeyInput {
  name?: string | null;
  mode?: "live" | "test";
  scopes?: string[];
  expiresAt?: string;
  allowedIps?: string[];
}

/** Overlap of a rotation when none is given: a day to roll the new key out. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

const forbidden = (field: string, message: string) =>
  new ApiError("insufficient_scope", message, [{ field, code: "exceeds_calling_key", message }]);

async function callingKey(ctx: TenantCtx, caller: CallingKey): Promise<ApiKey> {
  const [key] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, caller.id)).limit(1);
  if (!key) throw new ApiError("unauthorized", "The calling API key no longer exists");
  return key;
}

/** A key of the tenant in the caller's mode; another tenant's or mode's key is a 404. */
async function ownKey(ctx: TenantCtx, keyId: string): Promise<ApiKey> {
  const [key] = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, ctx.tenant.id), eq(apiKeys.mode, ctx.testMode ? "test" : "live"), eq(apiKeys.id, keyId)))
    .limit(1);
  if (!key) throw new ApiError("not_found", `API key ${keyId} does not exist`);
  return key;
}

/** A key the caller may revoke or rotate: one whose scopes its own cover. */
async function manageableKey(ctx: TenantCtx, caller: ApiKey, keyId: string): Promise<ApiKey> {
  const key = await ownKey(ctx, keyId);
  if (!scopesCover(caller.scopes, key.scopes)) {
    throw forbidden("key_id", `API key ${key.prefix}… has scopes the calling key lacks, so the calling key cannot manage it`);
  }
  return key;
}

const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** Creates a key within the calling key's limits; its plaintext is in the answer only. */
export async function createOwnKey(ctx: TenantCtx, caller: CallingKey, input: OwnKeyInput) {
  const parent = await callingKey(ctx, caller);
  const mode = input.mode ?? parent.mode;
  if (mode !== parent.mode) throw forbidden("mode", `A ${parent.mode} key can only create ${parent.mode} keys`);
  const scopes = input.scopes ?? parent.scopes;
  if (!scopesCover(parent.scopes, scopes)) {
    const extra = scopes.filter((s) => !scopesCover(parent.scopes, [s]));
    throw forbidden("scopes", `The calling key does not hold ${extra.join(", ")}, so it cannot grant it`);
  }
  if (input.expiresAt !== undefined && input.expiresAt <= ctx.now.toISOString()) {
    throw ApiError.invalidField("expires_at", "in_past", "expires_at must be in the future");
  }
  if (parent.expiresAt && input.expiresAt && input.expiresAt > parent.expiresAt) {
    throw forbidden("expires_at", `The calling key expires at ${parent.expiresAt}; a key it creates cannot outlive it`);
  }
  // An empty list allows every address, so it is no narrower than a caller's allowlist.
  if (parent.allowedIps?.length && input.allowedIps && !(input.allowedIps.length && allowlistCovers(parent.allowedIps, input.allowedIps))) {
    throw forbidden(
      "allowed_ips",
      "Every address of allowed_ips must be within the calling key's own allowlist (an empty list allows all)",
    );
  }
  const { row, key } = await newApiKeyRow(ctx, ctx.tenant.id, {
    mode,
    scopes,
    name: input.name ?? null,
    expiresAt: input.expiresAt ?? parent.expiresAt ?? undefined,
    allowedIps: input.allowedIps ?? parent.allowedIps ?? undefined,
  });
  await ctx.db.insert(apiKeys).values(row);
  return { apiKey: row, key };
}

/** The tenant's keys in the caller's mode, newest first (prefixes and metadata, never the keys). */
export function listOwnKeys(ctx: TenantCtx): Promise<ApiKey[]> {
  return ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, ctx.tenant.id), eq(apiKeys.mode, ctx.testMode ? "test" : "live")))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export const getOwnKey = ownKey;

/** Revokes at once; revoking a revoked key changes nothing and answers the same. */
export async function revokeOwnKey(ctx: TenantCtx, caller: CallingKey, keyId: string): Promise<ApiKey> {
  const key = await manageableKey(ctx, await callingKey(ctx, caller), keyId);
  if (key.revokedAt) return key;
  const [revoked] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: ctx.now.toISOString() })
    .where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt)))
    .returning();
  forgetKeys((kept) => kept.key.id === key.id);
  return revoked ?? (await ownKey(ctx, keyId));
}

/**
 * A new key with the old one's name, scopes, mode, allowlist and expiry; the old key keeps working
 * for `overlapSeconds` more (never past its own expiry), so both work while the new one rolls out.
 * Both rows are written in one D1 batch.
 */
export async function rotateOwnKey(ctx: TenantCtx, caller: CallingKey, keyId: string, overlapSeconds: number) {
  const parent = await callingKey(ctx, caller);
  const old = await manageableKey(ctx, parent, keyId);
  const at = ctx.now.toISOString();
  if (old.revokedAt) throw new ApiError("conflict", `API key ${old.prefix}… was revoked at ${old.revokedAt} and cannot be rotated`);
  if (old.expiresAt && old.expiresAt <= at) {
    throw new ApiError("conflict", `API key ${old.prefix}… expired at ${old.expiresAt} and cannot be rotated`);
  }
  // The new key copies the old one's expiry and allowlist, so they meet the ceiling creation does.
  if (parent.expiresAt && (!old.expiresAt || old.expiresAt > parent.expiresAt)) {
    throw forbidden("expires_at", `The calling key expires at ${parent.expiresAt}; the rotated key would outlive it`);
  }
  if (parent.allowedIps?.length && !(old.allowedIps?.length && allowlistCovers(parent.allowedIps, old.allowedIps))) {
    throw forbidden("allowed_ips", "The rotated key would allow addresses outside the calling key's own allowlist");
  }
  const { row, key } = await newApiKeyRow(ctx, ctx.tenant.id, {
    mode: old.mode,
    scopes: old.scopes,
    name: old.name,
    expiresAt: old.expiresAt ?? undefined,
    allowedIps: old.allowedIps ?? undefined,
    rotatedFromId: old.id,
  });
  const oldExpiresAt = earlier(old.expiresAt, new Date(ctx.now.getTime() + overlapSeconds * 1000).toISOString())!;
  const [, [retired]] = await ctx.db.batch([
    ctx.db.insert(apiKeys).values(row),
    ctx.db.update(apiKeys).set({ expiresAt: oldExpiresAt }).where(eq(apiKeys.id, old.id)).returning(),
  ]);
  // The old key's kept row has no end yet: this isolate reads the new expiry at once.
  forgetKeys((kept) => kept.key.id === old.id);
  return { apiKey: row, key, previous: retired ?? { ...old, expiresAt: oldExpiresAt } };
}

import { and, desc, eq, isNull } from "drizzle-orm";
import { type ApiKey, apiKeys } from "../../db/schema";
import { forgetKeys } from "../../platform/auth";
import { ApiError } from "../../platform/errors";
import type { Ctx } from "../context";
import { type IssueApiKeyInput, newApiKeyRow } from "./key-rows";
import { getTenant } from "./tenants";

export async function issueApiKey(ctx: Ctx, tenantId: string, input: IssueApiKeyInput) {
  await getTenant(ctx, tenantId);
  if (input.expiresAt && input.expiresAt <= ctx.now.toISOString()) {
    throw ApiError.invalidField("expires_at", "in_past", "expires_at must be in the future");
  }
  const { row, key } = await newApiKeyRow(ctx, tenantId, input);
  await ctx.db.insert(apiKeys).values(row);
  return { apiKey: row, key };
}

export async function listApiKeys(ctx: Ctx, tenantId: string): Promise<ApiKey[]> {
  await getTenant(ctx, tenantId);
  return ctx.db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt));
}

/** Revokes a key at once; revoking a revoked key changes nothing and answers the same. */
export async function revokeApiKey(ctx: Ctx, keyId: string): Promise<ApiKey> {
  await ctx.db
    .update(apiKeys)
    .set({ revokedAt: ctx.now.toISOString() })
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
  forgetKeys((row) => row.key.id === keyId);
  const [key] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, keyId)).limit(1);
  if (!key) throw new ApiError("not_found", `API key ${keyId} does not exist`);
  return key;
}

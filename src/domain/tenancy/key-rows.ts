import type { ApiKey } from "../../db/schema";
import { generateApiKey, type KeyMode } from "../../platform/api-keys";
import { newId } from "../../platform/ids";
import type { Ctx } from "../context";

export interface IssueApiKeyInput {
  mode: KeyMode;
  scopes?: string[];
  expiresAt?: string;
  allowedIps?: string[];
  name?: string | null;
  rotatedFromId?: string;
}

/** A key row ready to insert, and its plaintext, which the caller shows once and forgets. */
export async function newApiKeyRow(ctx: Ctx, tenantId: string, input: IssueApiKeyInput): Promise<{ row: ApiKey; key: string }> {
  const { key, keyHash, prefix } = await generateApiKey(input.mode);
  const row: ApiKey = {
    id: newId("key"),
    tenantId,
    mode: input.mode,
    name: input.name ?? null,
    prefix,
    keyHash,
    scopes: input.scopes ?? ["*"],
    allowedIps: input.allowedIps ?? null,
    expiresAt: input.expiresAt ?? null,
    revokedAt: null,
    lastUsedAt: null,
    rotatedFromId: input.rotatedFromId ?? null,
    createdAt: ctx.now.toISOString(),
  };
  return { row, key };
}

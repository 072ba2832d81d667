import { z } from "@hono/zod-openapi";
import type { ApiKey } from "../../../db/schema";
import { isValidAllowlistEntry } from "../../../platform/ip-allowlist";
import { ALL_SCOPES } from "../../../platform/scopes";

const Mode = z.enum(["live", "test"]).openapi({ description: "Test-mode keys see and write only test data", example: "live" });
const Scope = z
  .enum(ALL_SCOPES as [string, ...string[]])
  .openapi({ description: "`*`, `<resource>:*`, `<resource>:read` or `<resource>:write`", example: "leads:read" });

export const ApiKeyCreate = z
  .object({
    name: z.string().trim().min(1).max(100).nullable().optional().openapi({ description: "A label to tell keys apart", example: "Zapier" }),
    mode: Mode,
    scopes: z
      .array(Scope)
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'Defaults to ["*"] (everything)', example: ["leads:read", "leads:write"] }),
    expires_at: z.iso.datetime({ offset: true }).optional().openapi({ example: "2027-01-01T00:00:00Z" }),
    allowed_ips: z
      .array(z.string().refine(isValidAllowlistEntry, "an IPv4 or IPv6 address, or an IPv4 CIDR range"))
      .max(50)
      .optional()
      .openapi({ description: "When set, the key works only from these addresses", example: ["203.0.113.0/24"] }),
  })
  .openapi("ApiKeyCreate");

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    tenant_id: z.string().openapi({ example: "ten_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    name: z.string().nullable().openapi({ example: "Zapier" }),
    prefix: z.string().openapi({ description: "The key's first characters, to tell keys apart", example: "lk_live_3X9a" }),
    mode: Mode,
    scopes: z.array(z.string()).openapi({ example: ["*"] }),
    allowed_ips: z.array(z.string()).nullable(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    last_used_at: z.string().nullable(),
    rotated_from: z.string().nullable().openapi({ description: "The key this one replaced by rotation", example: null }),
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
  })
  .openapi("ApiKey");

export const ApiKeyCreated = ApiKeySchema.extend({
  key: z
    .string()
    .openapi({ description: "The key itself, shown only in this response", example: "lk_live_3X9aQ2mZr7Tb1Kc8Vd4Nf6Hj0Lp5Ws2E" }),
}).openapi("ApiKeyCreated");

export const ApiKeyList = z.object({ api_keys: z.array(ApiKeySchema) }).openapi("ApiKeyList");

export function renderApiKey(key: ApiKey): z.infer<typeof ApiKeySchema> {
  return {
    id: key.id,
    tenant_id: key.tenantId,
    name: key.name,
    prefix: key.prefix,
    mode: key.mode,
    scopes: key.scopes,
    allowed_ips: key.allowedIps,
    expires_at: key.expiresAt,
    revoked_at: key.revokedAt,
    last_used_at: key.lastUsedAt,
    rotated_from: key.rotatedFromId,
    created_at: key.createdAt,
  };
}

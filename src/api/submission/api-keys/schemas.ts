import { z } from "@hono/zod-openapi";
import type { ApiKey } from "../../../db/schema";
import { DEFAULT_ROTATION_OVERLAP_SECONDS } from "../../../domain/tenancy/own-keys";
import { isValidAllowlistEntry } from "../../../platform/ip-allowlist";
import { ALL_SCOPES } from "../../../platform/scopes";

const Mode = z
  .enum(["live", "test"])
  .openapi({ description: "Test-mode keys see and write only test data. A key can only create keys of its own mode.", example: "live" });
const Scope = z
  .enum(ALL_SCOPES as [string, ...string[]])
  .openapi({ description: "`*`, `<resource>:*`, `<resource>:read` or `<resource>:write`", example: "leads:write" });

export const KeyParams = z.object({
  key_id: z.string().openapi({ param: { name: "key_id", in: "path" }, example: "key_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
});

export const OwnKeyCreate = z
  .object({
    name: z.string().trim().min(1).max(100).nullable().optional().openapi({ description: "A label to tell keys apart", example: "Zapier" }),
    mode: Mode.optional().openapi({ description: "Defaults to the calling key's mode; another mode is 403" }),
    scopes: z
      .array(Scope)
      .min(1)
      .max(64)
      .optional()
      .openapi({
        description: "Each must be held by the calling key (403 otherwise). Defaults to the calling key's scopes.",
        example: ["leads:write"],
      }),
    expires_at: z.iso.datetime({ offset: true }).optional().openapi({
      description: "In the future, and not after the calling key's own expiry. Defaults to the calling key's expiry (none if it has none).",
      example: "2027-06-01T00:00:00Z",
    }),
    allowed_ips: z
      .array(z.string().refine(isValidAllowlistEntry, "an IPv4 or IPv6 address, or an IPv4 CIDR range"))
      .max(50)
      .optional()
      .openapi({
        description:
          "When set, the key works only from these addresses; each must lie within the calling key's allowlist, if it has one. Defaults to the calling key's allowlist.",
        example: ["203.0.113.0/24"],
      }),
  })
  .openapi("OwnApiKeyCreate");

export const OwnKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    name: z.string().nullable().openapi({ example: "Zapier" }),
    prefix: z.string().openapi({ description: "The key's first characters, to tell keys apart", example: "lk_live_3X9a" }),
    mode: Mode,
    scopes: z.array(z.string()).openapi({ example: ["leads:write"] }),
    allowed_ips: z.array(z.string()).nullable().openapi({ example: null }),
    expires_at: z.string().nullable().openapi({ description: "After a rotation, the end of the overlap", example: null }),
    revoked_at: z.string().nullable().openapi({ example: null }),
    last_used_at: z.string().nullable().openapi({ description: "Refreshed at most once a minute", example: "2026-11-22T10:05:00.000Z" }),
    rotated_from: z.string().nullable().openapi({ description: "The key this one replaced by rotation", example: null }),
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
  })
  .openapi("OwnApiKey");

export const OwnKeyCreated = OwnKeySchema.extend({
  key: z
    .string()
    .openapi({ description: "The key itself, shown only in this response", example: "lk_live_3X9aQ2mZr7Tb1Kc8Vd4Nf6Hj0Lp5Ws2E" }),
}).openapi("OwnApiKeyCreated");

export const OwnKeyList = z.object({ api_keys: z.array(OwnKeySchema) }).openapi("OwnApiKeyList");

export const RotateInput = z
  .object({
    overlap_seconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(DEFAULT_ROTATION_OVERLAP_SECONDS)
      .openapi({ description: "How long the old key keeps working (0 to 30 days, default one day)", example: 3600 }),
  })
  .openapi("ApiKeyRotate");

export const Rotated = OwnKeyCreated.extend({
  previous: OwnKeySchema.openapi({ description: "The old key, now expiring at the end of the overlap" }),
}).openapi("ApiKeyRotated");

export function renderOwnKey(key: ApiKey): z.infer<typeof OwnKeySchema> {
  return {
    id: key.id,
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

import { z } from "@hono/zod-openapi";
import type { Suppression } from "../../../db/schema";

const REASONS = ["unsubscribed", "bounced", "complained", "manual"] as const;

export const SuppressionInput = z
  .object({ email: z.email().max(254).openapi({ example: "jane@example.com" }) })
  .openapi("SuppressionInput");

export const SuppressionSchema = z
  .object({
    email: z.string(),
    reason: z.enum(REASONS),
    message_id: z.string().nullable().openapi({ description: "The message that caused it (an unsubscribe, a bounce, a complaint)" }),
    created_at: z.string(),
  })
  .openapi("Suppression");

export const SuppressionList = z
  .object({ suppressions: z.array(SuppressionSchema), limit: z.number().int(), offset: z.number().int() })
  .openapi("SuppressionList");

export const SuppressionQuery = z.object({
  reason: z.enum(REASONS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const EmailParams = z.object({
  email: z
    .email()
    .max(254)
    .openapi({ param: { name: "email", in: "path" }, example: "jane@example.com" }),
});

export const SuppressionDeleted = z.object({ email: z.string(), deleted: z.literal(true) }).openapi("SuppressionDeleted");

export const renderSuppression = (s: Suppression): z.infer<typeof SuppressionSchema> => ({
  email: s.email,
  reason: s.reason,
  message_id: s.messageId,
  created_at: s.createdAt,
});

import { z } from "@hono/zod-openapi";
import type { Tenant } from "../../../db/schema";
import { PLANS } from "../../../platform/plans";

export const TenantId = z.string().openapi({ param: { name: "id", in: "path" }, example: "ten_01jd0x5v7k2m3n4p5q6r7s8t9v" });

const Plan = z.enum(PLANS).openapi({
  description: "Quota plan: starter (1,000/h, 10,000/day, 100/min burst), growth (10,000/h, 100,000/day), enterprise (unlimited)",
  example: "growth",
});

const LeadDailyEmailCap = z
  .number()
  .int()
  .min(1)
  .max(100)
  .nullable()
  .openapi({
    description:
      "Sequence emails one lead may get per day (the lead's local day), across all the tenant's sequences; null for no cap. " +
      "A capped email waits for the next day's slot.",
    example: 1,
  });

export const TenantCreate = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: "Acme Corp" }),
    plan: Plan,
    lead_daily_email_cap: LeadDailyEmailCap.optional(),
    slug: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "lower-case letters, digits and inner hyphens, at most 48")
      .optional()
      .openapi({
        description: "Used in public URLs and accepted as X-Tenant-Id; derived from the name when omitted",
        example: "acme-corp",
      }),
  })
  .openapi("TenantCreate");

export const TenantUpdate = z
  .object({
    name: z.string().trim().min(1).max(200).optional().openapi({ example: "Acme Corporation" }),
    plan: Plan.optional(),
    lead_daily_email_cap: LeadDailyEmailCap.optional(),
  })
  .refine((v) => v.name !== undefined || v.plan !== undefined || v.lead_daily_email_cap !== undefined, {
    message: "Send name, plan or lead_daily_email_cap",
    path: ["plan"],
  })
  .openapi("TenantUpdate");

export const TenantSchema = z
  .object({
    id: z.string().openapi({ example: "ten_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    name: z.string().openapi({ example: "Acme Corp" }),
    slug: z.string().openapi({ example: "acme-corp" }),
    plan: Plan,
    lead_daily_email_cap: LeadDailyEmailCap,
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
  })
  .openapi("Tenant");

export const TenantCreated = TenantSchema.extend({
  api_key: z
    .string()
    .openapi({ description: "Live key, shown only in this response", example: "lk_live_3X9aQ2mZr7Tb1Kc8Vd4Nf6Hj0Lp5Ws2E" }),
  test_api_key: z
    .string()
    .openapi({ description: "Test-mode key, shown only in this response", example: "lk_test_8Hd2Lq5Wz1Rc7Tv3Nb9Kx4Mf6Jp0Ys5A" }),
}).openapi("TenantCreated");

export const TenantList = z.object({ tenants: z.array(TenantSchema) }).openapi("TenantList");

export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ example: 0 }),
});

export function renderTenant(tenant: Tenant): z.infer<typeof TenantSchema> {
  return {
    id: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    plan: tenant.plan,
    lead_daily_email_cap: tenant.leadDailyEmailCap,
    created_at: tenant.createdAt,
    updated_at: tenant.updatedAt,
  };
}

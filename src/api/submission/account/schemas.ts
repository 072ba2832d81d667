import { z } from "@hono/zod-openapi";
import type { Caller } from "../../../platform/app-env";
import { PLAN_QUOTAS, PLANS } from "../../../platform/plans";

const QuotaWindowSchema = z.object({
  name: z.enum(["burst", "hourly", "daily"]).openapi({ example: "hourly" }),
  limit: z.number().int().openapi({ example: 1000 }),
  seconds: z.number().int().openapi({ example: 3600 }),
});

export const AccountSchema = z
  .object({
    tenant: z.object({
      id: z.string().openapi({ example: "ten_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
      name: z.string().openapi({ example: "Acme Corp" }),
      slug: z.string().openapi({ example: "acme-corp" }),
      plan: z.enum(PLANS).openapi({ example: "starter" }),
      sending_domains: z.array(z.string()).openapi({ description: "Domains senders' from_email may use", example: ["acme.example"] }),
    }),
    api_key: z.object({
      id: z.string().openapi({ example: "key_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
      prefix: z.string().openapi({ example: "lk_live_3X9a" }),
      mode: z.enum(["live", "test"]),
      scopes: z.array(z.string()).openapi({ example: ["*"] }),
    }),
    test_mode: z.boolean().openapi({ description: "True for test-mode keys, which see and write only test data" }),
    quotas: z.array(QuotaWindowSchema).openapi({ description: "The plan's request windows; empty for unlimited plans" }),
  })
  .openapi("Account");

export const AccountChange = z
  .object({
    sending_domains: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .max(253)
          .regex(/^([a-z0-9](-*[a-z0-9])*\.)+[a-z]{2,63}$/, "a domain name such as acme.example"),
      )
      .max(50)
      .openapi({ description: "Replaces the list. A sender's from_email must be on one of them.", example: ["acme.example"] }),
  })
  .openapi("AccountChange");

export function renderAccount({ tenant, apiKey, testMode }: Caller): z.infer<typeof AccountSchema> {
  return {
    tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, plan: tenant.plan, sending_domains: tenant.sendingDomains },
    api_key: apiKey,
    test_mode: testMode,
    quotas: PLAN_QUOTAS[tenant.plan].map(({ name, limit, seconds }) => ({ name, limit, seconds })),
  };
}

import { z } from "@hono/zod-openapi";
import type { AccountUsage } from "../../../domain/tenancy/usage";
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

const WindowUsageSchema = z.object({
  name: z.enum(["burst", "hourly", "daily"]).openapi({ example: "hourly" }),
  limit: z.number().int().openapi({ description: "Requests the window allows", example: 1000 }),
  used: z.number().int().openapi({ description: "Requests counted in the window so far, this one included", example: 42 }),
  remaining: z.number().int().openapi({ example: 958 }),
  started_at: z.string().openapi({ example: "2026-12-02T15:00:00.000Z" }),
  resets_at: z.string().openapi({ description: "When the window starts over (X-RateLimit-Reset)", example: "2026-12-02T16:00:00.000Z" }),
});

export const AccountUsageSchema = z
  .object({
    period: z
      .object({
        start: z.string().openapi({ example: "2026-12-01T00:00:00.000Z" }),
        end: z.string().openapi({ example: "2027-01-01T00:00:00.000Z" }),
      })
      .openapi({ description: "The current calendar month (UTC): the period of the counts below and of the lead-generation quota" }),
    test_mode: z.boolean().openapi({ description: "Whether leads and emails below are the test-mode ones (a test key) or live" }),
    requests: z
      .array(WindowUsageSchema)
      .openapi({ description: "One entry per request quota window of the plan; empty for unlimited plans" }),
    leads_received: z.number().int().openapi({
      description: "Leads recorded this period from every source: submissions, batches, form posts, scoring requests, lead generation",
      example: 1250,
    }),
    emails_sent: z.number().int().openapi({ description: "Messages handed to their sender's transport this period", example: 310 }),
    lead_generation: z
      .object({
        quota: z.number().int().openapi({ description: "Leads the plan allows per month", example: 1000 }),
        used: z.number().int().openapi({ description: "Held by processing commands, or delivered by finished ones", example: 25 }),
        remaining: z.number().int().openapi({ example: 975 }),
      })
      .openapi({ description: "The monthly lead-generation quota, shared by the tenant's live and test keys" }),
  })
  .openapi("AccountUsage");

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

export function renderUsage(usage: AccountUsage, testMode: boolean): z.infer<typeof AccountUsageSchema> {
  return {
    period: { start: usage.period.start.toISOString(), end: usage.period.end.toISOString() },
    test_mode: testMode,
    requests: usage.requests.map((w) => ({
      name: w.name,
      limit: w.limit,
      used: w.used,
      remaining: w.remaining,
      started_at: iso(w.start),
      resets_at: iso(w.reset),
    })),
    leads_received: usage.leadsReceived,
    emails_sent: usage.emailsSent,
    lead_generation: usage.leadGeneration,
  };
}

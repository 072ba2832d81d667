import { z } from "@hono/zod-openapi";
import { GROUPINGS, METRICS } from "../../../domain/analytics/analytics";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export const AnalyticsQuery = z
  .object({
    flow_id: z.string().max(64).optional().openapi({ example: "flow_789xyz" }),
    metric: z.enum(METRICS).optional().openapi({ description: "Order groups by this figure, highest first", example: "conversion_rate" }),
    group_by: z
      .enum(Object.keys(GROUPINGS) as [keyof typeof GROUPINGS, ...(keyof typeof GROUPINGS)[]])
      .default("source")
      .openapi({ example: "source" }),
    start_date: z.iso.date().optional().openapi({ description: "Default: 30 days ago", example: "2024-01-01" }),
    end_date: z.iso.date().optional().openapi({ description: "Inclusive; default: today", example: "2024-01-31" }),
  })
  .transform((q) => ({ ...q, start_date: q.start_date ?? day(-30), end_date: q.end_date ?? day(0) }))
  .refine((q) => q.start_date <= q.end_date, { message: "start_date must not be after end_date", path: ["start_date"] });

const Metrics = z
  .object({
    source: z.string().nullable().optional().openapi({ example: "website_form" }),
    campaign: z.string().nullable().optional(),
    flow_id: z.string().nullable().optional(),
    date: z.string().nullable().optional(),
    total_leads: z.number().int().openapi({ example: 1250 }),
    accepted_leads: z.number().int().openapi({ example: 975 }),
    delivered_leads: z.number().int().openapi({ example: 890 }),
    converted_leads: z.number().int().openapi({ example: 146 }),
    acceptance_rate: z.number().openapi({ example: 0.78 }),
    delivery_rate: z.number().openapi({ example: 0.91 }),
    conversion_rate: z.number().openapi({ example: 0.15 }),
    average_quality: z.number().openapi({ example: 0.85 }),
  })
  .openapi("AnalyticsGroup");

export const AnalyticsResponse = z
  .object({ period: z.object({ start_date: z.string(), end_date: z.string() }), metrics: z.array(Metrics) })
  .openapi("Analytics");

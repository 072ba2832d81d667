import { z } from "@hono/zod-openapi";
import type { Opportunity } from "../../../db/schema";
import { successEnvelope } from "../../../platform/envelopes";

export const OpportunityInput = z
  .object({
    leadId: z.string().min(1).max(64).openapi({ example: "lead_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    name: z.string().min(1).max(200).openapi({ example: "Acme — annual plan" }),
    amount: z.number().min(0).nullable().optional().openapi({ example: 48000 }),
    currency: z
      .string()
      .length(3)
      .regex(/^[A-Z]{3}$/, "an ISO 4217 code like USD")
      .optional()
      .openapi({ example: "USD" }),
    stage: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "A code of the tenant's opportunity stages; the default stage when left out" }),
    probability: z.number().int().min(0).max(100).optional().openapi({ description: "Defaults to the stage's defaultProbability" }),
    closeDate: z.iso.date().nullable().optional().openapi({ example: "2026-12-31" }),
  })
  .openapi("OpportunityInput");

export const OpportunityChange = OpportunityInput.omit({ leadId: true }).partial().openapi("OpportunityChange");

export const OpportunitySchema = z
  .object({
    id: z.string(),
    leadId: z.string(),
    name: z.string(),
    amount: z.number().nullable(),
    currency: z.string(),
    stage: z.string(),
    probability: z.number().int(),
    closeDate: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Opportunity");

export const OpportunityQuery = z.object({
  leadId: z.string().max(64).optional(),
  stage: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function renderOpportunity(o: Opportunity): z.infer<typeof OpportunitySchema> {
  return {
    id: o.id,
    leadId: o.leadId,
    name: o.name,
    amount: o.amount,
    currency: o.currency,
    stage: o.stage,
    probability: o.probability,
    closeDate: o.closeDate,
    closedAt: o.closedAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export const OpportunityCreated = successEnvelope(OpportunitySchema, "OpportunityCreated");
export const OpportunityList = successEnvelope(z.array(OpportunitySchema), "OpportunityList");
export const OpportunityResponse = successEnvelope(OpportunitySchema, "OpportunityResponse");
export const OpportunityUpdated = successEnvelope(OpportunitySchema, "OpportunityUpdated");

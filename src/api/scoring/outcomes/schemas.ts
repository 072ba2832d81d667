import { z } from "@hono/zod-openapi";
import type { OutcomeResult } from "../../../domain/scoring/outcomes";
import { successBody } from "../family";

const Outcome = z.object({
  converted: z.boolean().openapi({ example: true }),
  value: z.number().min(0).optional().openapi({ description: "Deal value, used to learn the expected deal value", example: 48000 }),
});

export const LeadOutcome = Outcome.openapi("LeadOutcome");
export const LeadOutcomes = z
  .object({
    outcomes: z
      .array(Outcome.extend({ lead_id: z.string().max(64) }))
      .min(1)
      .max(1000),
  })
  .openapi("LeadOutcomes");

const Recorded = z.object({ lead_id: z.string(), converted: z.boolean(), value: z.number().nullable() });
const BulkRecorded = z.object({
  recorded: z.number().int(),
  not_found: z.number().int(),
  results: z.array(z.object({ lead_id: z.string(), status: z.enum(["recorded", "not_found"]) })),
});

export const LeadOutcomeRecorded = successBody(Recorded, "LeadOutcomeRecorded");
export const LeadOutcomesRecorded = successBody(BulkRecorded, "LeadOutcomesRecorded");

export function renderRecorded(result: Extract<OutcomeResult, { status: "recorded" }>): z.infer<typeof Recorded> {
  return { lead_id: result.lead_id, converted: result.converted, value: result.value };
}

export function renderBulkRecorded(tally: { recorded: number; notFound: number; results: OutcomeResult[] }): z.infer<typeof BulkRecorded> {
  return {
    recorded: tally.recorded,
    not_found: tally.notFound,
    results: tally.results.map((r) => ({ lead_id: r.lead_id, status: r.status })),
  };
}

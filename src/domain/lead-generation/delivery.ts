import { and, eq, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { asStatement, insertRowsIf } from "../../db/bulk";
import type { CommandSummary } from "../../db/json/lead-generation";
import {
  type LeadEvent,
  type LeadGenerationCommand,
  type LeadGenerationLead,
  leadEvents,
  leadGenerationCommands,
  leadGenerationLeads,
  leads,
  outboxEvents,
  type ScoringModel,
} from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { blankLead } from "../leads/blank-lead";
import { activeModel, modelPrediction } from "../scoring/model-scorer";
import { categoryOf } from "../scoring/prediction";
import { type Settings, tenantSettings } from "../scoring/settings";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import type { Enriched } from "./enrichment";
import { summarize } from "./summary";
import { LEAD_GENERATION_COMPLETED } from "./webhook";

/**
 * Delivery: the best `leadsRequested` of the ranked leads that no other command delivered land in
 * the tenant's lead table (source lead_generation, linked to the command, scored by the tenant's
 * model when it has one) and in the command's result; the command completes and its webhook event
 * is written, all in one D1 batch. A cancelled command delivers nothing (answers null), even one
 * cancelled after its status was read; a cancel arriving while that batch runs is too late and loses.
 */
export async function deliver(ctx: TenantCtx, command: LeadGenerationCommand, ranked: Enriched[]): Promise<CommandSummary | null> {
  const model = await activeModel(ctx);
  const { thresholds } = await tenantSettings(ctx);
  // A command running at the same time may deliver some of these contacts first: the unique index
  // on a tenant's delivered contacts then refuses the whole batch, and the next round takes the
  // contacts still free. A round is repeated only when another command took one of its contacts,
  // so there are at most as many rounds as ranked leads.
  for (;;) {
    const [current] = await ctx.db
      .select({ status: leadGenerationCommands.status })
      .from(leadGenerationCommands)
      .where(eq(leadGenerationCommands.id, command.id));
    if (current?.status !== "processing") return null;
    const taken = await deliveredContacts(ctx, ranked);
    const chosen = ranked.filter((l) => !taken.has(l.contactId)).slice(0, command.leadsRequested);
    const { statements, summary } = deliveryBatch(ctx, command, chosen, model, thresholds);
    let finished: D1Result | undefined;
    try {
      [finished] = await ctx.db.$client.batch(statements);
    } catch (error) {
      if ((await deliveredContacts(ctx, chosen)).size === 0) throw error;
      continue;
    }
    // A cancel that committed after the status was read: the batch wrote nothing.
    if (finished?.meta.changes !== 1) return null;
    dispatchSoon(ctx);
    return summary;
  }
}

/** The contacts among `candidates` that a command of the tenant already delivered. */
async function deliveredContacts(ctx: TenantCtx, candidates: Enriched[]): Promise<Set<string>> {
  const ids = JSON.stringify(candidates.map((c) => c.contactId));
  const rows = await ctx.db
    .select({ contactId: leadGenerationLeads.contactId })
    .from(leadGenerationLeads)
    .where(and(ownedBy(leadGenerationLeads, ctx), sql`${leadGenerationLeads.contactId} IN (SELECT value FROM json_each(${ids}))`));
  return new Set(rows.map((r) => r.contactId));
}

/** The statements that deliver `chosen` and complete the command, and the summary they record. */
function deliveryBatch(
  ctx: TenantCtx,
  command: LeadGenerationCommand,
  chosen: Enriched[],
  model: ScoringModel | undefined,
  thresholds: Settings["thresholds"],
): { statements: D1PreparedStatement[]; summary: CommandSummary } {
  const at = ctx.now.toISOString();
  const delivered: LeadGenerationLead[] = [];
  const events: LeadEvent[] = [];
  const rows = chosen.map((g, rank) => {
    const lead = blankLead(ctx, {
      name: g.name,
      firstName: g.name.split(" ")[0] ?? null,
      lastName: g.name.split(" ").slice(1).join(" ") || null,
      email: g.email,
      phone: g.phone,
      company: g.company,
      position: g.position,
      industry: g.industry,
      website: g.website,
      location: g.location,
      city: g.city,
      country: g.country,
      companySize: g.company_size,
      employees: g.employees,
      revenue: g.revenueUsd,
      linkedin: g.linkedin,
      source: "lead_generation",
      matchScore: g.match_score,
      verified: g.verified,
      customFields: { lead_generation_command_id: command.id, site_id: command.siteId },
    });
    if (model) {
      const prediction = modelPrediction(
        model,
        {
          email: g.email,
          company: g.company,
          position: g.position,
          industry: g.industry,
          employees: g.employees,
          revenue: g.revenueUsd,
          phone: g.phone,
        },
        ctx.now,
      );
      Object.assign(lead, {
        score: prediction.score,
        conversionProbability: prediction.probability,
        scoreCategory: categoryOf(prediction.score, thresholds),
        scoringModel: `${model.id}@${model.version}`,
        scoredAt: at,
      });
    }
    delivered.push({
      commandId: command.id,
      leadId: lead.id,
      tenantId: lead.tenantId,
      testMode: lead.testMode,
      rank,
      contactId: g.contactId,
      matchScore: g.match_score,
      matchReasons: g.match_reasons,
      matchSummary: g.match_summary,
      verified: g.verified,
      verification: g.verification,
      createdAt: at,
    });
    events.push({
      id: newId("evt", ctx.now.getTime()),
      tenantId: lead.tenantId,
      testMode: lead.testMode,
      leadId: lead.id,
      flowId: null,
      type: "generated",
      outcome: "success",
      reason: null,
      data: { command_id: command.id, match_score: g.match_score },
      createdAt: at,
    });
    return lead;
  });
  const summary = summarize(chosen);
  const payload = {
    event: LEAD_GENERATION_COMPLETED,
    timestamp: at,
    site_id: command.siteId,
    command_id: command.id,
    data: {
      status: "completed",
      completion_time: at,
      leads_count: summary.total_leads,
      summary: {
        average_match_score: summary.average_match_score,
        verified_percentage: summary.verified_percentage,
        industries_breakdown: summary.industries_breakdown,
      },
    },
    metadata: command.webhookMetadata ?? {},
  };
  const finish = ctx.db
    .update(leadGenerationCommands)
    .set({
      status: "completed",
      stage: "completed",
      progressPercentage: 100,
      leadsDelivered: summary.total_leads,
      summary,
      completedAt: at,
      updatedAt: at,
    })
    .where(
      and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, command.id), eq(leadGenerationCommands.status, "processing")),
    );
  // A cancel committing after deliver read the status makes `finish` a no-op: each row is then
  // written only if this batch's `finish` completed the command, so the batch delivers all or nothing.
  const completedNow = "EXISTS (SELECT 1 FROM lead_generation_commands WHERE id = ? AND status = 'completed' AND completed_at = ?)";
  const ifCompletedNow = <T extends SQLiteTable>(table: T, rows: T["$inferInsert"][]) =>
    insertRowsIf(ctx.db, table, rows, completedNow, [command.id, at]);
  const statements = [
    asStatement(ctx.db, finish),
    ...ifCompletedNow(leads, rows),
    ...ifCompletedNow(leadGenerationLeads, delivered),
    ...ifCompletedNow(leadEvents, events),
    ...ifCompletedNow(outboxEvents, [outboxEvent(command, LEAD_GENERATION_COMPLETED, payload, ctx.now, command.webhookEndpointId)]),
  ];
  return { statements, summary };
}

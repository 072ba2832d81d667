import { and, eq } from "drizzle-orm";
import { asStatement, insertRows, runBatch } from "../../db/bulk";
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
} from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { blankLead } from "../leads/blank-lead";
import { activeModel, modelPrediction } from "../scoring/model-scorer";
import { categoryOf } from "../scoring/prediction";
import { tenantSettings } from "../scoring/settings";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { LEAD_GENERATION_COMPLETED } from "./commands";
import type { Enriched } from "./enrichment";
import { summarize } from "./summary";

/**
 * Delivery: the leads land in the tenant's lead table (source lead_generation, linked to the
 * command, scored by the tenant's model when it has one) and in the command's result; the command
 * completes and its webhook event is written, all in one D1 batch. A cancelled command delivers
 * nothing (answers null); a cancel arriving while that batch runs is too late and loses.
 */
export async function deliver(ctx: TenantCtx, command: LeadGenerationCommand, enriched: Enriched[]): Promise<CommandSummary | null> {
  const at = ctx.now.toISOString();
  const model = await activeModel(ctx);
  const { thresholds } = await tenantSettings(ctx);
  const delivered: LeadGenerationLead[] = [];
  const events: LeadEvent[] = [];
  const rows = enriched.map((g, rank) => {
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
  const summary = summarize(enriched);
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
  const finished = await ctx.db
    .select({ status: leadGenerationCommands.status })
    .from(leadGenerationCommands)
    .where(eq(leadGenerationCommands.id, command.id));
  if (finished[0]?.status !== "processing") return null;
  await runBatch(ctx.db, [
    asStatement(ctx.db, finish),
    ...insertRows(ctx.db, leads, rows),
    ...insertRows(ctx.db, leadGenerationLeads, delivered),
    ...insertRows(ctx.db, leadEvents, events),
    asStatement(
      ctx.db,
      ctx.db.insert(outboxEvents).values(outboxEvent(command, LEAD_GENERATION_COMPLETED, payload, ctx.now, command.webhookEndpointId)),
    ),
  ]);
  dispatchSoon(ctx);
  return summary;
}

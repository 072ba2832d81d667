import type { RouteHandler, z } from "@hono/zod-openapi";
import type { Lead, LeadGenerationCommand, LeadGenerationLead } from "../../../db/schema";
import * as commands from "../../../domain/lead-generation/commands";
import { estimateMs, hhmmss, STAGES, type Stage } from "../../../domain/lead-generation/stages";
import { revenueBand } from "../../../domain/lead-generation/vocabulary";
import type { AppEnv } from "../../../platform/context";
import { pageInfo } from "../../../platform/envelopes";
import { tenantCtxOf } from "../../context";
import type * as routes from "./routes";
import type { GeneratedLead, Summary } from "./schemas";

function generatedLead({ delivered, lead }: { delivered: LeadGenerationLead; lead: Lead }): z.infer<typeof GeneratedLead> {
  return {
    id: lead.id, name: lead.name ?? lead.email ?? "", email: lead.email ?? "", company: lead.company, position: lead.position, phone: lead.phone, website: lead.website,
    industry: lead.industry, company_size: lead.companySize, location: lead.location, estimated_revenue: lead.revenue !== null ? revenueBand(lead.revenue) : null, linkedin: lead.linkedin,
    match_score: delivered.matchScore, match_reasons: delivered.matchReasons, match_summary: delivered.matchSummary, verified: delivered.verified, created_at: delivered.createdAt,
  };
}

const create: RouteHandler<typeof routes.createLeadGeneration, AppEnv> = async (c) => {
  const command: LeadGenerationCommand = await commands.createCommand(tenantCtxOf(c), c.req.valid("json"));
  return c.json(
    {
      success: true as const,
      data: {
        command_id: command.id, site_id: command.siteId, status: "processing" as const, estimated_completion_time: command.estimatedCompletionAt, leads_requested: command.leadsRequested,
        job_priority: command.priority, process_info: { stage: command.stage, progress_percentage: command.progressPercentage },
      },
    },
    202,
  );
};
export const createLeadGeneration = create;
export const createLeadGenerationCommand = create as unknown as RouteHandler<typeof routes.createLeadGenerationCommand, AppEnv>;

export const getCommand: RouteHandler<typeof routes.getCommand, AppEnv> = async (c) => {
  const command = await commands.getCommand(tenantCtxOf(c), c.req.valid("param").command_id);
  return c.json({ success: true as const, data: command.command }, 200);
};

export const getStatus: RouteHandler<typeof routes.getStatus, AppEnv> = async (c) => {
  const ctx = tenantCtxOf(c);
  const command = await commands.getCommand(ctx, c.req.valid("param").command_id);
  const done = STAGES.indexOf(command.stage as Stage);
  const remaining = command.status === "processing" ? await estimateMs(ctx, STAGES.slice(done + 1)) : 0;
  const data = {
    command_id: command.id, site_id: command.siteId, status: command.status,
    progress: { percentage: command.progressPercentage, stage: command.stage, leads_found: command.leadsFound, leads_verified: command.leadsVerified, estimated_time_remaining: hhmmss(remaining) },
    created_at: command.createdAt, updated_at: command.updatedAt,
  };
  if (command.status !== "completed") return c.json({ success: true as const, data }, 200);
  const { rows } = await commands.commandLeads(ctx, command.id, 1, command.leadsRequested);
  return c.json({ success: true as const, data: { ...data, completion_time: command.completedAt ?? command.updatedAt, leads_generated: rows.map(generatedLead), summary: command.summary as z.infer<typeof Summary> } }, 200);
};

export const getLeads: RouteHandler<typeof routes.getLeads, AppEnv> = async (c) => {
  const { page, per_page } = c.req.valid("query");
  const { command, total, rows } = await commands.commandLeads(tenantCtxOf(c), c.req.valid("param").command_id, page, per_page);
  return c.json({ success: true as const, data: { command_id: command.id, leads: rows.map(generatedLead), pagination: pageInfo(total, page, per_page) } }, 200);
};

export const cancel: RouteHandler<typeof routes.cancel, AppEnv> = async (c) => {
  const command = await commands.cancelCommand(tenantCtxOf(c), c.req.valid("param").command_id);
  return c.json({ success: true as const, data: { command_id: command.id, status: "cancelled" as const } }, 200);
};

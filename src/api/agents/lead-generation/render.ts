import type { z } from "@hono/zod-openapi";
import type { Lead, LeadGenerationCommand, LeadGenerationLead } from "../../../db/schema";
import { hhmmss } from "../../../domain/lead-generation/stages";
import type { CommandStatus } from "../../../domain/lead-generation/status";
import { revenueBand } from "../../../domain/lead-generation/vocabulary";
import type { Accepted, GeneratedLead, Status, Summary } from "./schemas";

// Lead generation commands and their leads in the shapes schemas.ts declares.

export function renderAccepted(command: LeadGenerationCommand): z.infer<typeof Accepted>["data"] {
  return {
    command_id: command.id,
    site_id: command.siteId,
    status: "processing",
    estimated_completion_time: command.estimatedCompletionAt,
    leads_requested: command.leadsRequested,
    job_priority: command.priority,
    process_info: { stage: command.stage, progress_percentage: command.progressPercentage },
  };
}

export function renderGeneratedLead({ delivered, lead }: { delivered: LeadGenerationLead; lead: Lead }): z.infer<typeof GeneratedLead> {
  return {
    id: lead.id,
    name: lead.name ?? lead.email ?? "",
    email: lead.email ?? "",
    company: lead.company,
    position: lead.position,
    phone: lead.phone,
    website: lead.website,
    industry: lead.industry,
    company_size: lead.companySize,
    location: lead.location,
    estimated_revenue: lead.revenue !== null ? revenueBand(lead.revenue) : null,
    linkedin: lead.linkedin,
    match_score: delivered.matchScore,
    match_reasons: delivered.matchReasons,
    match_summary: delivered.matchSummary,
    verified: delivered.verified,
    created_at: delivered.createdAt,
  };
}

export function renderStatus({ command, remainingMs, leads }: CommandStatus): z.infer<typeof Status>["data"] {
  const progress = {
    percentage: command.progressPercentage,
    stage: command.stage,
    leads_found: command.leadsFound,
    leads_verified: command.leadsVerified,
    estimated_time_remaining: hhmmss(remainingMs),
  };
  const data = {
    command_id: command.id,
    site_id: command.siteId,
    status: command.status,
    progress,
    created_at: command.createdAt,
    updated_at: command.updatedAt,
  };
  if (!leads) return data;
  // The summary column holds what the delivery stage wrote, in this shape.
  const summary = command.summary as z.infer<typeof Summary>;
  return { ...data, completion_time: command.completedAt ?? command.updatedAt, leads_generated: leads.map(renderGeneratedLead), summary };
}

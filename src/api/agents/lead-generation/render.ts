import type { z } from "@hono/zod-openapi";
import type { Lead, LeadGenerationCommand, LeadGenerationLead } from "../../../db/schema";
import { hhmmss } from "../../../domain/lead-generation/stages";
import type { CommandStatus } from "../../../domain/lead-generation/status";
import { revenueBand } from "../../../domain/lead-generation/vocabulary";
import type { Accepted, CommandError, GeneratedLead, Status, Summary } from "./schemas";

// Lead generation commands and their leads in the shapes schemas.ts declares.

export function renderAccepted({
  command,
  webhookSecret,
}: {
  command: LeadGenerationCommand;
  webhookSecret: string | null;
}): z.infer<typeof Accepted>["data"] {
  return {
    command_id: command.id,
    site_id: command.siteId,
    status: "processing",
    estimated_completion_time: command.estimatedCompletionAt,
    leads_requested: command.leadsRequested,
    job_priority: command.priority,
    process_info: { stage: command.stage, progress_percentage: command.progressPercentage },
    webhook: command.webhookEndpointId ? { endpoint_id: command.webhookEndpointId, secret: webhookSecret } : null,
  };
}

/** Why a failed command failed; undefined unless it failed. */
export function renderError(command: LeadGenerationCommand): z.infer<typeof CommandError> | undefined {
  if (command.status !== "failed") return undefined;
  return { code: command.errorCode ?? "SYSTEM_ERROR", message: command.error ?? "unknown" };
}

/** The generated command object, with the error once the command failed. */
export function renderCommand(command: LeadGenerationCommand): Record<string, unknown> {
  const error = renderError(command);
  return error ? { ...command.command, error } : command.command;
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

export function renderStatus({ command, remainingMs, estimateBasis, leads }: CommandStatus): z.infer<typeof Status>["data"] {
  const progress = {
    percentage: command.progressPercentage,
    stage: command.stage,
    leads_found: command.leadsFound,
    leads_verified: command.leadsVerified,
    estimated_time_remaining: hhmmss(remainingMs),
    estimate_basis: estimateBasis,
  };
  const error = renderError(command);
  const data = {
    command_id: command.id,
    site_id: command.siteId,
    status: command.status,
    progress,
    created_at: command.createdAt,
    updated_at: command.updatedAt,
    ...(error ? { error } : {}),
  };
  if (!leads) return data;
  // The summary column holds what the delivery stage wrote, in this shape.
  const summary = command.summary as z.infer<typeof Summary>;
  return { ...data, completion_time: command.completedAt ?? command.updatedAt, leads_generated: leads.map(renderGeneratedLead), summary };
}

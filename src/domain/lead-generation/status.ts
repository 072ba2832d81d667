import type { Lead, LeadGenerationCommand, LeadGenerationLead } from "../../db/schema";
import type { TenantCtx } from "../context";
import { commandLeads, getCommand } from "./commands";
import { type EstimateBasis, estimate, STAGES } from "./stages";

export type CommandStatus = {
  command: LeadGenerationCommand;
  /** How long the running stage and those after it should still take: 0 unless processing. */
  remainingMs: number;
  /** Whether that rests on the tenant's measured stage times or on the assumed ones. */
  estimateBasis: EstimateBasis;
  /** Once completed: every lead the command delivered, in rank order; null before. */
  leads: { delivered: LeadGenerationLead; lead: Lead }[] | null;
};

/**
 * Where a command stands: its progress, the time its remaining stages should take and, once
 * completed, its leads. The running stage counts with what is left of its expected time (it
 * started at the command's last update).
 */
export async function commandStatus(ctx: TenantCtx, commandId: string): Promise<CommandStatus> {
  const command = await getCommand(ctx, commandId);
  const running = (STAGES as readonly string[]).indexOf(command.stage);
  const ahead = await estimate(ctx, STAGES.slice(Math.max(0, running)));
  const elapsed = running >= 0 ? Math.min(ahead.stages[STAGES[running]!]!, ctx.now.getTime() - Date.parse(command.updatedAt)) : 0;
  const remainingMs = command.status === "processing" ? Math.max(0, ahead.ms - Math.max(0, elapsed)) : 0;
  const status = { command, remainingMs, estimateBasis: ahead.basis };
  if (command.status !== "completed") return { ...status, leads: null };
  const { rows } = await commandLeads(ctx, command.id, 1, command.leadsRequested);
  return { ...status, leads: rows };
}

import type { Lead, LeadGenerationCommand, LeadGenerationLead } from "../../db/schema";
import type { TenantCtx } from "../context";
import { commandLeads, getCommand } from "./commands";
import { estimateMs, STAGES } from "./stages";

export type CommandStatus = {
  command: LeadGenerationCommand;
  /** How long the stages after the current one should still take: 0 unless processing. */
  remainingMs: number;
  /** Once completed: every lead the command delivered, in rank order; null before. */
  leads: { delivered: LeadGenerationLead; lead: Lead }[] | null;
};

/** Where a command stands: its progress, the time its remaining stages should take and, once completed, its leads. */
export async function commandStatus(ctx: TenantCtx, commandId: string): Promise<CommandStatus> {
  const command = await getCommand(ctx, commandId);
  const done = STAGES.findIndex((stage) => stage === command.stage);
  const remainingMs = command.status === "processing" ? await estimateMs(ctx, STAGES.slice(done + 1)) : 0;
  if (command.status !== "completed") return { command, remainingMs, leads: null };
  const { rows } = await commandLeads(ctx, command.id, 1, command.leadsRequested);
  return { command, remainingMs, leads: rows };
}

import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { type LeadGenerationCommand, leadGenerationCommands } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { askModel, type Provenance } from "../../platform/language-model";
import type { TenantCtx } from "../context";
import { planOf, type SearchPlan } from "./matching";
import { ANALYSIS_PROMPT } from "./prompts";

const Expansion = z.object({
  industries: z.record(z.string(), z.array(z.string().max(60)).max(8)).default({}),
  roles: z.record(z.string(), z.array(z.string().max(60)).max(8)).default({}),
  interests: z.record(z.string(), z.array(z.string().max(60)).max(8)).default({}),
  description: z.string().min(20).max(600).optional(),
});

/**
 * Analysis: the profile widened into a search plan. The rules' synonyms always apply; a
 * configured model may add industry, title and interest synonyms (never remove a criterion) and
 * rewrite the command's description, which then says it was written by the model.
 */
export async function analyze(ctx: TenantCtx, command: LeadGenerationCommand): Promise<{ plan: SearchPlan; expandedBy: Provenance }> {
  const generated = command.command;
  const { profile, search_parameters: search } = generated.targets[0]!.leads;
  const answer = await askModel(ctx, {
    system: ANALYSIS_PROMPT,
    input: {
      // Sent to the provider as the task and the answer schema's name, so it keeps its first spelling.
      task: "analyse_icp",
      count: command.leadsRequested,
      industries: profile.industries,
      roles: profile.roles,
      company_sizes: profile.company_sizes,
      locations: profile.locations,
      interests: profile.interests,
      keywords: search.keywords,
      context: generated.context,
    },
    answer: Expansion,
  });
  const described = answer.ok && answer.value.description ? { ...generated, description: answer.value.description } : generated;
  await ctx.db
    .update(leadGenerationCommands)
    .set({ command: { ...described, generated_by: answer.provenance } })
    .where(and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, command.id)));
  return { plan: planOf(profile, search, answer.ok ? answer.value : {}), expandedBy: answer.provenance };
}

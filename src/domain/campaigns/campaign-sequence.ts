import { and, eq } from "drizzle-orm";
import type { DefinitionEdge, DefinitionNode } from "../../db/json/sequences";
import { type Campaign, campaignLeads, campaigns } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { activateDefinition, createDefinition, getDefinition, updateDefinition } from "../sequences/definitions";
import { type EnrollResult, enrollLeads } from "../sequences/enrollments";
import { checkCampaignSends, getCampaign } from "./campaigns";

// A playground campaign run on the sequence engine: its steps become a linear sequence (each
// step's `delay_days` a wait before it, its email each lead's newest draft for the step, else the
// step's template), activated as the campaign's `workflow_id`, and its leads enrolled in it.

function campaignGraph(campaign: { id: string; senderId: string | null; steps: { delay_days: number }[] }) {
  const position = { x: 300, y: 0 };
  const nodes: DefinitionNode[] = [{ nodeId: "trigger", type: "trigger", position, data: { label: "Campaign", triggerType: "manual" } }];
  campaign.steps.forEach((step, i) => {
    if (step.delay_days > 0)
      nodes.push({ nodeId: `wait-${i + 1}`, type: "wait", position, data: { duration: step.delay_days, durationUnit: "days" } });
    nodes.push({
      nodeId: `step-${i + 1}`,
      type: "email",
      position,
      data: { label: `Step ${i + 1}`, campaignId: campaign.id, campaignStep: i + 1, senderId: campaign.senderId },
    });
  });
  const edges: DefinitionEdge[] = nodes.slice(1).map((n, i) => ({ edgeId: `e-${i + 1}`, source: nodes[i]!.nodeId, target: n.nodeId }));
  return { nodes, edges };
}

/**
 * Whether the sequence is one this campaign would have built: a manual trigger, waits, and emails of
 * this campaign's steps, nothing else. Only such a sequence is rebuilt from the steps; any other one
 * (hand-built, or the campaign's own with nodes added) is the user's work and is left alone.
 */
function builtFromCampaign(nodes: DefinitionNode[], campaignId: string): boolean {
  return nodes.every((node) => {
    if (node.type === "trigger") return node.data.triggerType === "manual";
    if (node.type === "email") return node.data.campaignId === campaignId;
    return node.type === "wait";
  });
}

/** The campaign's own sequence to rebuild, or a 409 naming workflow_id when it names another one. */
async function campaignSequence(ctx: TenantCtx, campaign: Campaign): Promise<string | null> {
  if (!campaign.workflowId) return null;
  const sequence = await getDefinition(ctx, campaign.workflowId);
  if (builtFromCampaign(sequence.nodes, campaign.id)) return sequence.id;
  const message =
    `workflow ${sequence.id} was not built from this campaign's steps and running the campaign would replace its nodes: ` +
    `enroll the campaign's leads in it with POST /v1/workflows/${sequence.id}/enrollments, or set the campaign's workflow_id to null ` +
    "to have a new sequence built from the steps";
  throw new ApiError("conflict", `Campaign ${campaign.id}'s ${message}`, [
    { field: "workflow_id", code: "not_campaign_sequence", message },
  ]);
}

export async function runCampaignAsSequence(ctx: TenantCtx, campaignId: string, requestOrigin: string): Promise<EnrollResult> {
  const campaign = await getCampaign(ctx, campaignId);
  checkCampaignSends(campaign);
  if (!campaign.senderId)
    throw ApiError.invalidField("sender_id", "required", "the campaign has no sender: set sender_id on the campaign first");
  const graph = campaignGraph(campaign);
  // The campaign's own sequence is reused (a new version when the steps changed).
  const ownSequence = await campaignSequence(ctx, campaign);
  const sequenceId =
    ownSequence ?? (await createDefinition(ctx, { name: `Campaign: ${campaign.name}`, ...graph, allow_reenrollment: false })).definition.id;
  if (ownSequence) await updateDefinition(ctx, sequenceId, graph);
  await activateDefinition(ctx, sequenceId);
  if (!ownSequence)
    await ctx.db
      .update(campaigns)
      .set({ workflowId: sequenceId, updatedAt: ctx.now.toISOString() })
      .where(and(ownedBy(campaigns, ctx), eq(campaigns.id, campaign.id)));
  const members = await ctx.db
    .select({ leadId: campaignLeads.leadId })
    .from(campaignLeads)
    .where(and(ownedBy(campaignLeads, ctx), eq(campaignLeads.campaignId, campaign.id)));
  return enrollLeads(ctx, sequenceId, { lead_ids: members.map((m) => m.leadId) }, `campaign:${campaign.id}`, requestOrigin);
}

import { and, asc, count, eq, sql } from "drizzle-orm";
import { asStatement, insertRowIfStatement, runBatch } from "../../db/bulk";
import {
  type CommandStage,
  type LeadGenerationCommand,
  leadGenerationCommands,
  leadGenerationLeads,
  leads,
  outboxEvents,
  sites,
  users,
  webhookEndpoints,
} from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import { errorFields, log } from "../../platform/log";
import { calendarMonth, LEAD_GENERATION_MONTHLY } from "../../platform/plans";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { commandObject, type LeadGenRequest, requireSearchable, searchOf } from "./profile";
import { estimate, STAGES } from "./stages";
import { commandEndpoint, LEAD_GENERATION_FAILED } from "./webhook";

/** What a command's Workflow is started with. */
export interface CommandTarget {
  tenantId: string;
  testMode: boolean;
  commandId: string;
}

function monthStart(now: Date): string {
  return calendarMonth(now).start.toISOString();
}

/**
 * Takes a lead generation command: validates it as the seed does, checks the site and user, then
 * that the profile can be searched, reserves the leads it asks for against the plan's monthly quota
 * (in the same statement that stores it, so concurrent commands cannot overrun it), and starts its
 * Workflow; a command whose Workflow cannot start is failed at once, releasing those leads. A
 * webhook endpoint it needs is written in that batch, only if the command is stored.
 */
export async function createCommand(
  ctx: TenantCtx,
  request: LeadGenRequest,
): Promise<{ command: LeadGenerationCommand; webhookSecret: string | null }> {
  const { profile, search } = searchOf(request);
  const [site] = await ctx.db
    .select({ id: sites.id })
    .from(sites)
    .where(and(ownedBy(sites, ctx), eq(sites.id, request.siteId)));
  if (!site)
    throw new ApiError("site_not_found", `Site ${request.siteId} does not exist`, [
      { field: "siteId", code: "not_found", message: `no site ${request.siteId}` },
    ]);
  if (request.userId) {
    const [user] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(ownedBy(users, ctx), eq(users.id, request.userId)));
    if (!user)
      throw new ApiError("user_not_found", `User ${request.userId} does not exist`, [
        { field: "userId", code: "not_found", message: `no user ${request.userId}` },
      ]);
  }
  requireSearchable(profile, search);
  const endpoint = request.webhook ? await commandEndpoint(ctx, request.webhook) : null;

  const at = ctx.now.toISOString();
  const command: LeadGenerationCommand = {
    id: newId("cmd", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    siteId: request.siteId,
    userId: request.userId ?? null,
    agentId: request.agent_id ?? null,
    status: "processing",
    priority: request.priority,
    leadsRequested: request.maxLeads,
    leadsDelivered: null,
    leadGenData: request.leadGenData as Record<string, unknown>,
    command: commandObject(request, profile, search),
    stage: "initial_search",
    progressPercentage: 5,
    leadsFound: 0,
    leadsVerified: 0,
    stageTimings: {},
    webhookEndpointId: endpoint?.id ?? null,
    webhookMetadata: request.webhook?.metadata ?? null,
    summary: null,
    errorCode: null,
    error: null,
    estimatedCompletionAt: new Date(ctx.now.getTime() + (await estimate(ctx, STAGES)).ms).toISOString(),
    completedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  const quota = LEAD_GENERATION_MONTHLY[ctx.tenant.plan];
  // Processing commands hold what they asked for; finished ones count what they delivered. Test
  // and live commands each have the plan's allowance, counted apart.
  const used =
    `(SELECT coalesce(sum(CASE WHEN status = 'processing' THEN leads_requested ELSE coalesce(leads_delivered, 0) END), 0) ` +
    `FROM lead_generation_commands WHERE tenant_id = ? AND test_mode = ? AND created_at >= ?)`;
  const store = insertRowIfStatement(ctx.db, leadGenerationCommands, command, `${used} + ? <= ?`, [
    ctx.tenant.id,
    ctx.testMode ? 1 : 0,
    monthStart(ctx.now),
    request.maxLeads,
    quota,
  ]);
  const ifStored = "EXISTS (SELECT 1 FROM lead_generation_commands WHERE id = ?)";
  const [stored] = await ctx.db.$client.batch([
    store,
    ...(endpoint?.created ? [insertRowIfStatement(ctx.db, webhookEndpoints, endpoint.created, ifStored, [command.id])] : []),
  ]);
  if (stored?.meta.changes !== 1) {
    const remaining = await quotaRemaining(ctx);
    throw new ApiError(
      "quota_exceeded",
      `Your lead generation quota has been exceeded: ${remaining} of ${quota} leads left this month, ${request.maxLeads} requested`,
      [{ field: "maxLeads", code: "quota_exceeded", message: `${remaining} leads left this month` }],
    );
  }
  try {
    await ctx.env.LEAD_GENERATION.create({
      id: command.id,
      params: { tenantId: ctx.tenant.id, testMode: ctx.testMode, commandId: command.id } satisfies CommandTarget,
    });
  } catch (error) {
    // No Workflow will ever finish this command: fail it now, so it stops holding its leads against the quota.
    const reason = error instanceof Error ? error.message : String(error);
    await failCommand(ctx, command.id, { code: "SYSTEM_ERROR", message: `its Workflow could not be started: ${reason}` });
    throw error;
  }
  return { command, webhookSecret: endpoint?.secret ?? null };
}

/**
 * The plan's monthly lead-generation quota and what this month's commands hold of it, live and
 * test keys together: a processing command holds the leads it asked for, a finished one what it delivered.
 */
export async function leadGenerationQuota(ctx: TenantCtx): Promise<{ quota: number; used: number; remaining: number }> {
  const { status, leadsRequested, leadsDelivered } = leadGenerationCommands;
  const held = sql`CASE WHEN ${status} = 'processing' THEN ${leadsRequested} ELSE coalesce(${leadsDelivered}, 0) END`;
  const [row] = await ctx.db
    .select({ used: sql<number>`coalesce(sum(${held}), 0)` })
    .from(leadGenerationCommands)
    .where(and(ownedBy(leadGenerationCommands, ctx), sql`${leadGenerationCommands.createdAt} >= ${monthStart(ctx.now)}`));
  const quota = LEAD_GENERATION_MONTHLY[ctx.tenant.plan];
  const used = row?.used ?? 0;
  return { quota, used, remaining: Math.max(0, quota - used) };
}

export async function quotaRemaining(ctx: TenantCtx): Promise<number> {
  return (await leadGenerationQuota(ctx)).remaining;
}

export function getCommand(ctx: TenantCtx, commandId: string): Promise<LeadGenerationCommand> {
  return findOwned(ctx, leadGenerationCommands, commandId, "Command");
}

/** Stops a processing command: its Workflow is terminated and any step still running stops at the next check. */
export async function cancelCommand(ctx: TenantCtx, commandId: string): Promise<LeadGenerationCommand> {
  const command = await getCommand(ctx, commandId);
  if (command.status !== "processing")
    throw new ApiError("conflict", `Command ${commandId} is already ${command.status}`, [
      { field: "command_id", code: "not_processing", message: `the command is ${command.status}` },
    ]);
  const at = ctx.now.toISOString();
  const [cancelled] = await ctx.db
    .update(leadGenerationCommands)
    .set({ status: "cancelled", completedAt: at, updatedAt: at })
    .where(
      and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, commandId), eq(leadGenerationCommands.status, "processing")),
    )
    .returning();
  if (!cancelled) return getCommand(ctx, commandId);
  try {
    await (await ctx.env.LEAD_GENERATION.get(commandId)).terminate();
  } catch (error) {
    // A Workflow that already ended cannot be terminated; the status above is what counts.
    log("warn", "terminating the command's Workflow failed", {
      job: "cancelCommand",
      tenant_id: ctx.tenant.id,
      command_id: commandId,
      ...errorFields(error),
    });
  }
  return cancelled;
}

/** A page of the leads a command delivered, in rank order, as the seed shows them. */
export async function commandLeads(ctx: TenantCtx, commandId: string, page: number, perPage: number) {
  const command = await getCommand(ctx, commandId);
  const scope = and(ownedBy(leadGenerationLeads, ctx), eq(leadGenerationLeads.commandId, command.id));
  const [total] = await ctx.db.select({ n: count() }).from(leadGenerationLeads).where(scope);
  const rows = await ctx.db
    .select({ delivered: leadGenerationLeads, lead: leads })
    .from(leadGenerationLeads)
    .innerJoin(leads, eq(leads.id, leadGenerationLeads.leadId))
    .where(scope)
    .orderBy(asc(leadGenerationLeads.rank))
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { command, total: total?.n ?? 0, rows };
}

/** Commands that should run before this one: higher priority, still processing, same tenant. */
export async function commandsAhead(ctx: TenantCtx, command: LeadGenerationCommand): Promise<number> {
  const higher = command.priority === "high" ? [] : command.priority === "medium" ? ["high"] : ["high", "medium"];
  if (higher.length === 0) return 0;
  const [row] = await ctx.db
    .select({ n: count() })
    .from(leadGenerationCommands)
    .where(
      and(
        ownedBy(leadGenerationCommands, ctx),
        eq(leadGenerationCommands.status, "processing"),
        sql`${leadGenerationCommands.priority} IN ${higher}`,
        sql`${leadGenerationCommands.createdAt} <= ${command.createdAt}`,
      ),
    );
  return row?.n ?? 0;
}

/** Why a command failed, in the seed's error vocabulary: a stage that kept failing is a SYSTEM_ERROR. */
export interface CommandFailure {
  code: "SYSTEM_ERROR";
  message: string;
}

/**
 * A command whose Workflow gave up: failed, with the reason, and its reserved leads released; its
 * webhook gets `lead_generation.failed` with that reason, in the same D1 batch (so only the
 * attempt that fails the command writes the event).
 */
export async function failCommand(ctx: TenantCtx, commandId: string, failure: CommandFailure): Promise<void> {
  const command = await getCommand(ctx, commandId);
  if (command.status !== "processing") return;
  const at = ctx.now.toISOString();
  const message = `The ${command.stage} stage failed: ${failure.message}`;
  const fail = ctx.db
    .update(leadGenerationCommands)
    .set({ status: "failed", errorCode: failure.code, error: message, leadsDelivered: 0, completedAt: at, updatedAt: at })
    .where(
      and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, commandId), eq(leadGenerationCommands.status, "processing")),
    );
  const payload = {
    event: LEAD_GENERATION_FAILED,
    timestamp: at,
    site_id: command.siteId,
    command_id: command.id,
    data: { status: "failed", failure_time: at, stage: command.stage, error: { code: failure.code, message } },
    metadata: command.webhookMetadata ?? {},
  };
  // One event per command (its id derives from the command), written only if the command is now failed.
  const event = {
    ...outboxEvent(command, LEAD_GENERATION_FAILED, payload, ctx.now, command.webhookEndpointId),
    id: `evt_${command.id}_failed`,
  };
  await runBatch(ctx.db, [
    asStatement(ctx.db, fail),
    insertRowIfStatement(
      ctx.db,
      outboxEvents,
      event,
      "(SELECT status FROM lead_generation_commands WHERE id = ?) = 'failed'",
      [command.id],
      true,
    ),
  ]);
  dispatchSoon(ctx);
}

export type { CommandStage };

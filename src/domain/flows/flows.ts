import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import { DEFAULT_SETTINGS, type FlowSettings, type FlowStep } from "../../db/json/flows";
import { type Flow, flows, leads } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError, type FieldIssue } from "../../platform/errors";
import { newId } from "../../platform/ids";
import { IsolateCache } from "../../platform/isolate-cache";
import { outboundPolicy, refuseOutboundUrl } from "../../platform/outbound-url";
import { validationError } from "../../platform/validation";
import type { TenantCtx } from "../context";
import { MASKED } from "../delivery/recipient";
import { findOwned } from "../owned";
import { CriteriaError, compileCriteria } from "./criteria";
import { settleNotifications } from "./notification-endpoint";

export type StepInput = Omit<FlowStep, "id" | "position"> & { id?: string; position?: number };

export interface FlowInput {
  name: string;
  description?: string | null;
  steps?: StepInput[];
  settings?: Partial<FlowSettings>;
}

function criteriaIssue(field: string, source: unknown): FieldIssue | null {
  if (source === null || source === undefined) return null;
  if (typeof source !== "string") return { field, code: "invalid_type", message: "acceptance_criteria must be a string" };
  try {
    compileCriteria(source);
    return null;
  } catch (error) {
    if (!(error instanceof CriteriaError)) throw error;
    return { field, code: "invalid_expression", message: `${error.message} (at position ${error.position})`, position: error.position };
  }
}

function recipientUrlIssue(ctx: TenantCtx, field: string, url: unknown): FieldIssue | null {
  const refusal = refuseOutboundUrl(String(url), outboundPolicy(ctx.env));
  return refusal ? { field, code: "unsafe_url", message: `url ${refusal}` } : null;
}

const originOf = (url: unknown) => (URL.canParse(String(url)) ? new URL(String(url)).origin : null);

/**
 * Masked header values sent back unchanged keep the stored secret of the same step, while its URL
 * stays on the same origin. A step moved to another origin loses them (they must be entered
 * again), so a stored credential never follows a changed URL to a new host.
 */
function keepSecrets(steps: StepInput[], previous: FlowStep[]): StepInput[] {
  return steps.map((step) => {
    const before = previous.find((p) => p.id === step.id);
    const headers = step.settings.headers as Record<string, string> | undefined;
    if (step.type !== "recipient" || !before || !headers) return step;
    const old = (before.settings.headers ?? {}) as Record<string, string>;
    const sameOrigin = originOf(step.settings.url) !== null && originOf(step.settings.url) === originOf(before.settings.url);
    const kept = Object.entries(headers).flatMap(([k, v]): [string, string][] => {
      if (v !== MASKED) return [[k, v]];
      return sameOrigin && old[k] ? [[k, old[k]]] : [];
    });
    return { ...step, settings: { ...step.settings, headers: Object.fromEntries(kept) } };
  });
}

/**
 * Steps in position order with ids; criteria compiled and recipient URLs checked now, so a bad one
 * is a 400 at save time. `previous` are the steps the flow had before this save.
 */
function normalizeSteps(ctx: TenantCtx, steps: StepInput[], previous: FlowStep[] = []): FlowStep[] {
  const ordered = steps.map((step, i) => ({ step, i })).sort((a, b) => (a.step.position ?? a.i + 1) - (b.step.position ?? b.i + 1));
  const issues = ordered.flatMap(({ step, i }) => {
    const issue =
      step.type === "source"
        ? criteriaIssue(`configuration.steps[${i}].settings.acceptance_criteria`, step.settings.acceptance_criteria)
        : step.type === "recipient"
          ? recipientUrlIssue(ctx, `configuration.steps[${i}].settings.url`, step.settings.url)
          : null;
    return issue ? [issue] : [];
  });
  const given = new Map<string, number>();
  for (const { step, i } of ordered) {
    if (step.id === undefined) continue;
    if (given.has(step.id))
      issues.push({
        field: `configuration.steps[${i}].id`,
        code: "duplicate",
        message: `step id ${step.id} is also the id of configuration.steps[${given.get(step.id)}]`,
      });
    else given.set(step.id, i);
  }
  if (issues.length > 0) throw validationError(issues);
  // Deliveries, recipient health and resumes are keyed by step id, so a new step must never take
  // over another's. A step sent without an id is the previous step of its type and name when there
  // is one (a client that does not send ids back keeps them); otherwise it is named after its
  // position, passing over ids that other steps keep or that a step removed now had.
  const unclaimed = previous.filter((p) => !given.has(p.id));
  const taken = new Set([...given.keys(), ...previous.map((p) => p.id)]);
  const idOf = (step: StepInput, n: number) => {
    if (step.id !== undefined) return step.id;
    const same = unclaimed.findIndex((p) => p.type === step.type && p.name === step.name);
    if (same >= 0) return unclaimed.splice(same, 1)[0]!.id;
    let id = `step_${String(n).padStart(3, "0")}`;
    while (taken.has(id)) id = `step_${String(++n).padStart(3, "0")}`;
    taken.add(id);
    return id;
  };
  return ordered.map(({ step }, n) => ({
    ...step,
    id: idOf(step, n + 1),
    position: n + 1,
    settings: step.settings ?? {},
  }));
}

function mergeSettings(current: FlowSettings, change: Partial<FlowSettings>): FlowSettings {
  const issue = criteriaIssue("settings.acceptance_criteria", change.acceptance_criteria);
  if (issue) throw validationError([issue]);
  return { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
}

/** A flow as saved, and the secret of its notification webhook endpoint when this save created it. */
export type SavedFlow = Flow & { notificationSecret: string | null };

export async function createFlow(ctx: TenantCtx, input: FlowInput): Promise<SavedFlow> {
  const at = ctx.now.toISOString();
  const flow: Flow = {
    id: newId("flow", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    name: input.name,
    description: input.description ?? null,
    status: "active",
    steps: normalizeSteps(ctx, input.steps ?? []),
    settings: mergeSettings(DEFAULT_SETTINGS, input.settings ?? {}),
    createdAt: at,
    updatedAt: at,
  };
  const notifications = await settleNotifications(ctx, flow, null, input.settings?.notifications);
  flow.settings.notifications = notifications.stored;
  await runBatch(ctx.db, [asStatement(ctx.db, ctx.db.insert(flows).values(flow)), ...notifications.statements]);
  return { ...flow, notificationSecret: notifications.secret };
}

export function getFlow(ctx: TenantCtx, flowId: string): Promise<Flow> {
  return findOwned(ctx, flows, flowId, "Flow");
}

// The flows intake reads, by tenant, mode and id: a changed setting, step or archive applies
// within ISOLATE_CACHE_TTL_MS in other isolates, at once in the one that made the change.
const intakeFlows = new IsolateCache<Flow>();

const intakeKey = (ctx: TenantCtx, flowId: string) => `${ctx.tenant.id}:${ctx.testMode ? "test" : "live"}:${flowId}`;

function changed(ctx: TenantCtx, flow: Flow): Flow {
  intakeFlows.forget((kept) => kept.id === flow.id && kept.tenantId === ctx.tenant.id);
  return flow;
}

/** A flow that takes leads, as intake sees it (see intakeFlows): archived flows refuse them with 409. */
export async function getActiveFlow(ctx: TenantCtx, flowId: string): Promise<Flow> {
  const flow = await intakeFlows.get(intakeKey(ctx, flowId), () => getFlow(ctx, flowId));
  if (flow.status !== "active")
    throw new ApiError("conflict", `Flow ${flowId} is archived and takes no leads`, [
      { field: "flow_id", code: "archived", message: "The flow is archived" },
    ]);
  return flow;
}

export async function listFlows(ctx: TenantCtx, status: "active" | "archived" | "all"): Promise<Flow[]> {
  const where = status === "all" ? ownedBy(flows, ctx) : and(ownedBy(flows, ctx), eq(flows.status, status));
  return ctx.db.select().from(flows).where(where).orderBy(desc(flows.createdAt));
}

export interface FlowStatistics {
  total_leads: number;
  acceptance_rate: number;
  average_quality: number;
}

/** Figures per flow from its lead rows: how many, the share not rejected, and the mean quality. */
export async function flowStatistics(ctx: TenantCtx, flowIds: string[]): Promise<Map<string, FlowStatistics>> {
  const stats = new Map<string, FlowStatistics>(flowIds.map((id) => [id, { total_leads: 0, acceptance_rate: 0, average_quality: 0 }]));
  if (flowIds.length === 0) return stats;
  const rows = await ctx.db
    .select({
      flowId: leads.flowId,
      total: sql<number>`count(*)`,
      accepted: sql<number>`sum(${leads.status} != 'rejected')`,
      quality: sql<number>`avg(${leads.qualityScore})`,
    })
    .from(leads)
    .where(and(ownedBy(leads, ctx), inArray(leads.flowId, flowIds)))
    .groupBy(leads.flowId);
  for (const row of rows) {
    if (!row.flowId) continue;
    stats.set(row.flowId, {
      total_leads: row.total,
      acceptance_rate: row.total ? Math.round((row.accepted / row.total) * 100) / 100 : 0,
      average_quality: Math.round((row.quality ?? 0) * 100) / 100,
    });
  }
  return stats;
}

export async function updateFlowSettings(ctx: TenantCtx, flowId: string, change: Partial<FlowSettings>): Promise<SavedFlow> {
  const flow = await getFlow(ctx, flowId);
  const settings = mergeSettings(flow.settings, change);
  const notifications = await settleNotifications(ctx, flow, flow.settings.notifications, change.notifications);
  settings.notifications = notifications.stored;
  const updatedAt = ctx.now.toISOString();
  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db
        .update(flows)
        .set({ settings, updatedAt })
        .where(and(ownedBy(flows, ctx), eq(flows.id, flowId))),
    ),
    ...notifications.statements,
  ]);
  return { ...changed(ctx, { ...flow, settings, updatedAt }), notificationSecret: notifications.secret };
}

export async function updateFlow(
  ctx: TenantCtx,
  flowId: string,
  change: { name?: string; description?: string | null; steps?: StepInput[] },
): Promise<Flow> {
  const current = await getFlow(ctx, flowId);
  const [updated] = await ctx.db
    .update(flows)
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.steps !== undefined ? { steps: normalizeSteps(ctx, keepSecrets(change.steps, current.steps), current.steps) } : {}),
      updatedAt: ctx.now.toISOString(),
    })
    .where(and(ownedBy(flows, ctx), eq(flows.id, flowId)))
    .returning();
  if (!updated) throw new ApiError("not_found", `Flow ${flowId} does not exist`);
  return changed(ctx, updated);
}

/** Archiving keeps the flow and its leads readable and stops it taking new leads. */
export async function archiveFlow(ctx: TenantCtx, flowId: string): Promise<Flow> {
  await getFlow(ctx, flowId);
  const [archived] = await ctx.db
    .update(flows)
    .set({ status: "archived", updatedAt: ctx.now.toISOString() })
    .where(and(ownedBy(flows, ctx), eq(flows.id, flowId)))
    .returning();
  if (!archived) throw new ApiError("not_found", `Flow ${flowId} does not exist`);
  return changed(ctx, archived);
}

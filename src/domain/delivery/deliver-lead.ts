import { and, eq, sql } from "drizzle-orm";
import { asStatement, insertRowIfStatement, runBatch } from "../../db/bulk";
import type { FlowStep } from "../../db/json/flows";
import { flows, type Lead, leadEvents, leads, type OutboxEvent, outboxEvents, recipientHealth } from "../../db/schema";
import { guardedFetch, OutboundRefused } from "../../platform/guarded-fetch";
import { newId } from "../../platform/ids";
import { countDelivery } from "../analytics/daily-stats";
import type { Ctx } from "../context";
import { leadData, leadDataAsSent } from "../leads/lead-data";
import { outboxEvent } from "../webhooks/outbox";
import { encodeBody, judgeResponse, mapFields, type RecipientOutcome, recipientSettings } from "./recipient";

export const DELIVERY_ATTEMPTS = 4;
const TIMEOUT_MS = 15_000;
/** A recipient's answer is judged on its status and at most this much of its body. */
const READ_LIMIT_BYTES = 4_096;

export interface LeadDeliveryTarget {
  tenantId: string;
  testMode: boolean;
  leadId: string;
  flowId: string;
}

export interface RecipientResult {
  outcome: RecipientOutcome | "skipped";
  response_code: number | null;
  duration_ms: number;
  reason: string | null;
}

async function post(ctx: Ctx, step: FlowStep, lead: Lead): Promise<{ status: number | null; text: string; reason: string | null }> {
  const settings = recipientSettings(step);
  const { body, contentType } = encodeBody(settings, mapFields(settings, leadData(lead)));
  try {
    const response = await guardedFetch(
      ctx,
      settings.url,
      { method: settings.method, headers: { ...settings.headers, "Content-Type": contentType, "User-Agent": "Leadedge-Delivery/1" }, body },
      { timeoutMs: TIMEOUT_MS, maxBytes: READ_LIMIT_BYTES, overflow: "truncate" },
    );
    return { status: response.status, text: await response.text(), reason: null };
  } catch (error) {
    if (error instanceof OutboundRefused) return { status: null, text: "", reason: error.message };
    return {
      status: null,
      text: "",
      reason: error instanceof Error && error.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : String(error),
    };
  }
}

function outbox(ctx: Ctx, lead: Lead, eventType: string, data: Record<string, unknown>): OutboxEvent {
  const payload = {
    event_type: eventType,
    timestamp: ctx.now.toISOString(),
    flow_id: lead.flowId,
    lead_id: lead.id,
    data: { lead: leadDataAsSent(lead), quality_score: lead.qualityScore, ...data },
  };
  return outboxEvent(lead, eventType, payload, ctx.now);
}

type HealthKey = { tenantId: string; flowId: string; stepId: string };

/**
 * One more error in a row, counted in SQL so concurrent attempts each add theirs; the attempt
 * that reaches `limit` pauses the recipient and a paused one stays paused with its first reason.
 */
function countError(ctx: Ctx, key: HealthKey, limit: number, reason: string) {
  const at = ctx.now.toISOString();
  const reachesLimit = sql`${recipientHealth.pausedAt} IS NULL AND ${recipientHealth.consecutiveErrors} + 1 >= ${limit}`;
  return ctx.db
    .insert(recipientHealth)
    .values({ ...key, consecutiveErrors: 1, pausedAt: limit <= 1 ? at : null, pausedReason: limit <= 1 ? reason : null, updatedAt: at })
    .onConflictDoUpdate({
      target: [recipientHealth.tenantId, recipientHealth.flowId, recipientHealth.stepId],
      set: {
        consecutiveErrors: sql`${recipientHealth.consecutiveErrors} + 1`,
        pausedAt: sql`CASE WHEN ${reachesLimit} THEN ${at} ELSE ${recipientHealth.pausedAt} END`,
        pausedReason: sql`CASE WHEN ${reachesLimit} THEN ${reason} ELSE ${recipientHealth.pausedReason} END`,
        updatedAt: at,
      },
    });
}

/** An answer that is not an error (a success or a refusal) ends the run of errors and the pause. */
function resetHealth(ctx: Ctx, key: HealthKey) {
  const at = ctx.now.toISOString();
  const cleared = { consecutiveErrors: 0, pausedAt: null, pausedReason: null, updatedAt: at };
  return ctx.db
    .insert(recipientHealth)
    .values({ ...key, ...cleared })
    .onConflictDoUpdate({ target: [recipientHealth.tenantId, recipientHealth.flowId, recipientHealth.stepId], set: cleared });
}

/**
 * The `recipient.paused` event, written only if the health statement before it in the batch paused
 * the recipient at this attempt's time. Its id derives from that time, so attempts sharing it write one.
 */
function pausedEvent(ctx: Ctx, key: HealthKey, event: OutboxEvent): D1PreparedStatement {
  const row = { ...event, id: `evt_${key.flowId}_${key.stepId}_paused_${ctx.now.getTime()}` };
  const pausedNow = "EXISTS (SELECT 1 FROM recipient_health WHERE tenant_id = ? AND flow_id = ? AND step_id = ? AND paused_at = ?)";
  return insertRowIfStatement(ctx.db, outboxEvents, row, pausedNow, [key.tenantId, key.flowId, key.stepId, ctx.now.toISOString()], true);
}

/**
 * One attempt to hand a lead to one recipient. A success or a failure is final and recorded as a
 * `delivered` / `failed` event with the recipient, duration and response code; an error is
 * recorded as failed only on the last attempt (the Workflow retries it before that). Errors in a
 * row pause the recipient after its `max_consecutive_errors`.
 */
export async function deliverToRecipient(ctx: Ctx, target: LeadDeliveryTarget, stepId: string, attempt: number): Promise<RecipientResult> {
  const [lead] = await ctx.db
    .select()
    .from(leads)
    .where(and(eq(leads.tenantId, target.tenantId), eq(leads.id, target.leadId)))
    .limit(1);
  const [flow] = lead
    ? await ctx.db
        .select()
        .from(flows)
        .where(and(eq(flows.tenantId, target.tenantId), eq(flows.id, target.flowId)))
        .limit(1)
    : [];
  const step = flow?.steps.find((s) => s.id === stepId && s.type === "recipient");
  if (!lead || !flow || !step)
    return { outcome: "skipped", response_code: null, duration_ms: 0, reason: "lead, flow or recipient no longer exists" };
  const key = and(eq(recipientHealth.tenantId, target.tenantId), eq(recipientHealth.flowId, flow.id), eq(recipientHealth.stepId, step.id));
  const [health] = await ctx.db.select().from(recipientHealth).where(key).limit(1);
  if (health?.pausedAt)
    return { outcome: "skipped", response_code: null, duration_ms: 0, reason: `recipient paused: ${health.pausedReason}` };

  const started = Date.now();
  const answer = await post(ctx, step, lead);
  const judged = answer.reason
    ? { outcome: "error" as const, reason: answer.reason }
    : judgeResponse(recipientSettings(step), answer.status, answer.text);
  const result: RecipientResult = {
    outcome: judged.outcome,
    response_code: answer.status,
    duration_ms: Date.now() - started,
    reason: judged.reason,
  };

  const at = ctx.now.toISOString();
  const errored = judged.outcome === "error";
  const limit = recipientSettings(step).max_consecutive_errors;
  const pauseReason = `${limit} errors in a row, last: ${judged.reason}`;
  // As this attempt saw the recipient; concurrent attempts may have added errors since, which the
  // health statement counts in SQL, so only the pause itself is decided there.
  const pauseExpected = errored && (health?.consecutiveErrors ?? 0) + 1 >= limit;
  const final = !errored || attempt >= DELIVERY_ATTEMPTS || pauseExpected;
  const healthKey = { tenantId: target.tenantId, flowId: flow.id, stepId: step.id };
  const writes: { toSQL(): { sql: string; params: unknown[] } }[] = [
    errored ? countError(ctx, healthKey, limit, pauseReason) : resetHealth(ctx, healthKey),
  ];
  if (final) {
    const delivered = judged.outcome === "success";
    const recipient = { id: step.id, name: step.name, type: step.service ?? "http_post" };
    const data = { recipient, duration_ms: result.duration_ms, response_code: answer.status, attempt, outcome: judged.outcome };
    writes.push(
      ctx.db.insert(leadEvents).values({
        id: newId("evt", ctx.now.getTime()),
        tenantId: lead.tenantId,
        testMode: lead.testMode,
        leadId: lead.id,
        flowId: flow.id,
        type: delivered ? "delivered" : "failed",
        outcome: delivered ? "success" : judged.outcome === "failure" ? "failure" : "error",
        reason: judged.reason,
        data,
        createdAt: at,
      }),
      ctx.db.insert(outboxEvents).values(
        outbox(ctx, lead, delivered ? "lead.delivered" : "lead.failed", {
          recipient: { id: step.id, name: step.name },
          delivery_time_ms: result.duration_ms,
          reason: judged.reason,
        }),
      ),
      // Delivered wins over failed: a lead one recipient took is delivered whatever the others said.
      ctx.db
        .update(leads)
        .set({
          status: delivered ? "delivered" : sql`CASE WHEN ${leads.status} = 'accepted' THEN 'failed' ELSE ${leads.status} END`,
          updatedAt: at,
        })
        .where(and(eq(leads.tenantId, lead.tenantId), eq(leads.id, lead.id), sql`${leads.status} IN ('accepted', 'failed', 'delivered')`)),
    );
  }
  const firstDelivery = final && judged.outcome === "success" && lead.status !== "delivered";
  const pausedNotice = errored
    ? [
        pausedEvent(
          ctx,
          healthKey,
          outbox(ctx, lead, "recipient.paused", { recipient: { id: step.id, name: step.name }, reason: pauseReason }),
        ),
      ]
    : [];
  await runBatch(ctx.db, [
    ...writes.map((w) => asStatement(ctx.db, w)),
    ...pausedNotice,
    ...(firstDelivery ? [countDelivery(ctx.db, lead)] : []),
  ]);
  return result;
}

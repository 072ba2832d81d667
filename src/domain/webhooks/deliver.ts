import { and, eq } from "drizzle-orm";
import { asStatement, insertRowIfStatement, runBatch } from "../../db/bulk";
import { type OutboxEvent, outboxEvents, type WebhookEndpoint, webhookDeliveries, webhookEndpoints } from "../../db/schema";
import { guardedFetch, OutboundRefused } from "../../platform/guarded-fetch";
import { newId } from "../../platform/ids";
import type { Ctx } from "../context";
import { outboxEvent } from "./outbox";
import { deliveryBody, signatureHeaders } from "./signing";

/** Waits before each retry: Standard Webhooks' schedule, 5 retries over about 7.5 hours. */
export const RETRY_SCHEDULE_SECONDS = [5, 300, 1_800, 7_200, 18_000] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;
const TIMEOUT_MS = 10_000;
const READ_LIMIT_BYTES = 4_096;
const FAILING_DAYS_BEFORE_DISABLE = 5;

export interface DeliveryTarget {
  tenantId: string;
  testMode: boolean;
  endpointId: string;
  eventId: string;
}

export interface AttemptResult {
  outcome: "succeeded" | "failed" | "gone" | "skipped";
  status: number | null;
  error: string | null;
}

/** The wait after failed attempt `attempt` (1-based), with ±20 % jitter derived from the event, so a replayed Workflow computes the same. */
export function retryDelayMs(eventId: string, attempt: number): number {
  const base = RETRY_SCHEDULE_SECONDS[Math.min(attempt, RETRY_SCHEDULE_SECONDS.length) - 1]! * 1000;
  let hash = 0;
  for (const char of `${eventId}:${attempt}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return Math.round(base * (0.8 + 0.4 * (hash / 0xffffffff)));
}

async function send(ctx: Ctx, endpoint: WebhookEndpoint, event: OutboxEvent): Promise<AttemptResult> {
  const body = await deliveryBody(endpoint.secret, event.eventType, event.payload);
  const headers = await signatureHeaders(endpoint.secret, event.id, Math.floor(ctx.now.getTime() / 1000), body, event.eventType);
  try {
    // A redirect is a failure (the guarded fetch never follows one): following it could lead anywhere.
    const response = await guardedFetch(
      ctx,
      endpoint.url,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Leadedge-Webhooks/1",
          "X-Leadedge-Event": event.eventType,
          ...headers,
        },
        body,
      },
      { timeoutMs: TIMEOUT_MS, maxBytes: READ_LIMIT_BYTES, overflow: "truncate" },
    );
    const text = await response.text();
    if (response.status >= 200 && response.status < 300) return { outcome: "succeeded", status: response.status, error: null };
    if (response.status === 410) return { outcome: "gone", status: 410, error: "endpoint answered 410 Gone" };
    return { outcome: "failed", status: response.status, error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}` };
  } catch (error) {
    if (error instanceof OutboundRefused) return { outcome: "failed", status: null, error: error.message };
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { outcome: "failed", status: null, error: timedOut ? `no answer within ${TIMEOUT_MS / 1000} s` : String(error) };
  }
}

/** Disables the endpoint unless a concurrent attempt already has, so only one of them reports it. */
function disable(ctx: Ctx, endpoint: WebhookEndpoint, failingSince: string | null, reason: string) {
  return ctx.db
    .update(webhookEndpoints)
    .set({ failingSince, enabled: false, disabledReason: reason, updatedAt: ctx.now.toISOString() })
    .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)));
}

/**
 * The `webhook.disabled` event, written only if `disable` before it in the batch disabled the
 * endpoint at this attempt's time. Its id derives from that time, so attempts sharing it write one.
 */
function disabledNotice(ctx: Ctx, endpoint: WebhookEndpoint, reason: string): D1PreparedStatement {
  const payload = {
    event: "webhook.disabled",
    timestamp: ctx.now.toISOString(),
    data: { endpoint_id: endpoint.id, url: endpoint.url, reason },
  };
  const event = { ...outboxEvent(endpoint, "webhook.disabled", payload, ctx.now), id: `evt_${endpoint.id}_disabled_${ctx.now.getTime()}` };
  const disabledNow = "EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ? AND enabled = 0 AND updated_at = ?)";
  return insertRowIfStatement(ctx.db, outboxEvents, event, disabledNow, [endpoint.id, ctx.now.toISOString()], true);
}

/**
 * One attempt to deliver one event to one endpoint, logged as a delivery row. A success ends the
 * endpoint's failure run; 410 disables it at once; failures for 5 days in a row disable it too,
 * with a `webhook.disabled` event for the tenant's other endpoints.
 */
export async function attemptDelivery(ctx: Ctx, target: DeliveryTarget, attempt: number): Promise<AttemptResult> {
  const [endpoint] = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, target.tenantId), eq(webhookEndpoints.id, target.endpointId)))
    .limit(1);
  const [event] = await ctx.db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.tenantId, target.tenantId), eq(outboxEvents.id, target.eventId)))
    .limit(1);
  if (!endpoint || !event || !endpoint.enabled)
    return { outcome: "skipped", status: null, error: endpoint && event ? "endpoint disabled" : "endpoint or event deleted" };

  const started = Date.now();
  const result = await send(ctx, endpoint, event);
  const at = ctx.now.toISOString();
  const retries = result.outcome === "failed" && attempt < MAX_ATTEMPTS;
  const failingSince = result.outcome === "succeeded" ? null : (endpoint.failingSince ?? at);
  const failingTooLong = failingSince !== null && ctx.now.getTime() - Date.parse(failingSince) >= FAILING_DAYS_BEFORE_DISABLE * 86_400_000;
  const disableReason =
    result.outcome === "gone"
      ? "endpoint answered 410 Gone"
      : failingTooLong
        ? `deliveries failed for ${FAILING_DAYS_BEFORE_DISABLE} days`
        : null;

  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db.insert(webhookDeliveries).values({
        id: newId("dlv", ctx.now.getTime()),
        tenantId: endpoint.tenantId,
        testMode: endpoint.testMode,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.eventType,
        attempt,
        outcome: result.outcome === "skipped" ? "failed" : result.outcome,
        responseStatus: result.status,
        durationMs: Date.now() - started,
        error: result.error,
        nextRetryAt: retries ? new Date(ctx.now.getTime() + retryDelayMs(event.id, attempt)).toISOString() : null,
        createdAt: at,
      }),
    ),
    ...(disableReason
      ? [asStatement(ctx.db, disable(ctx, endpoint, failingSince, disableReason)), disabledNotice(ctx, endpoint, disableReason)]
      : [asStatement(ctx.db, ctx.db.update(webhookEndpoints).set({ failingSince }).where(eq(webhookEndpoints.id, endpoint.id)))]),
  ]);
  return result;
}

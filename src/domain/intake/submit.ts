import { insertRows, runBatch } from "../../db/bulk";
import { type Flow, leadEvents, leads, outboxEvents } from "../../db/schema";
import { configOf } from "../../platform/config";
import { newId } from "../../platform/ids";
import { validationError } from "../../platform/validation";
import { countNewLeads } from "../analytics/daily-stats";
import { type TenantCtx, timed } from "../context";
import { awaitFirstDelivery, MAX_SYNC_WAIT_MS, startCommittedDeliveries, withDeliveryPending } from "../delivery/start-delivery";
import { dispatchEmailSoon } from "../email/outbox";
import { type CapWindow, capWindows } from "../flows/cap-windows";
import { getActiveFlow } from "../flows/flows";
import { acceptedLeadsEmail } from "../flows/notification-emails";
import { dispatchEnrollmentsIfActive, hasActiveSequences } from "../sequences/enrollments";
import { triggerStatement } from "../sequences/triggers";
import { dispatchSoon } from "../webhooks/dispatch";
import type { GateVerdict } from "./gate";
import { flowGate } from "./gate";
import { type PreparedLead, prepareLead, type SubmissionItem } from "./prepare";
import { decide, type RecordedLead, recordLead } from "./record";
import type { RuleCheck } from "./rules";

export interface SubmitOptions {
  test_mode?: boolean;
  /** true: answer at once and deliver in the background; false: wait for the first delivery. */
  async?: boolean;
  /** How long a synchronous submission waits for its first delivery, in ms (at most 30 s). */
  timeout?: number;
  /** Not from the request body: the form a public post came through (its `form_submitted` trigger). */
  formId?: string;
  /** The origin of the request (set by the route, not the client): where notification emails' and triggered sequences' links point without PUBLIC_URL. */
  requestOrigin?: string;
}

/** The duplicate and cap lines of the decision trace, from what the flow's gate answered. */
export function gateChecks(
  flow: Flow,
  verdict: Pick<GateVerdict, "duplicateOf" | "matchedKey" | "capExceeded">,
  caps: CapWindow[],
): RuleCheck[] {
  const days = flow.settings.duplicate_policy.window_days;
  const duplicate: RuleCheck = {
    check: "duplicate",
    rule: `no duplicate within ${days} days`,
    passed: verdict.duplicateOf === null,
    reason: verdict.duplicateOf ? `matches lead ${verdict.duplicateOf} by ${verdict.matchedKey?.split(/[:=]/)[0]}` : null,
  };
  const capLines = caps.map((cap) => {
    const passed = verdict.capExceeded !== cap.name;
    return {
      check: "volume_cap" as const,
      rule: `${cap.name}_limit ${cap.limit}`,
      passed,
      reason: passed ? null : `the ${cap.name} cap of ${cap.limit} leads is reached`,
    };
  });
  return [duplicate, ...capLines];
}

/**
 * Every accepted lead fires its flow's `lead_created` trigger (and, posted through a form, the
 * form's `form_submitted`) in the batch that writes it. Each statement enrolls only into active
 * sequences, so a single lead's go in unasked, keeping intake at two round trips; a batch asks
 * first rather than adding two statements per lead.
 */
async function triggers(
  ctx: TenantCtx,
  recorded: RecordedLead[],
  options: SubmitOptions,
  publicUrl: string,
): Promise<D1PreparedStatement[]> {
  const accepted = recorded.filter((r) => r.lead.status === "accepted");
  if (accepted.length === 0 || (accepted.length > 1 && !(await hasActiveSequences(ctx)))) return [];
  return accepted.flatMap(({ lead }) => [
    triggerStatement(ctx.db, lead, { type: "lead_created", flowId: lead.flowId! }, publicUrl, ctx.now),
    ...(options.formId ? [triggerStatement(ctx.db, lead, { type: "form_submitted", formId: options.formId }, publicUrl, ctx.now)] : []),
  ]);
}

/** The leads, their events and webhook events, their day's counts, the flow's notification email and sequence triggers, in one D1 batch. */
async function write(ctx: TenantCtx, flow: Flow, recorded: RecordedLead[], options: SubmitOptions) {
  const db = ctx.db;
  const publicUrl = configOf(ctx.env).email.publicUrl ?? options.requestOrigin ?? "";
  const leadsWritten = recorded.map((r) => withDeliveryPending(flow, r.lead));
  const [notification, triggered] = await Promise.all([
    acceptedLeadsEmail(ctx, flow, leadsWritten, publicUrl),
    triggers(ctx, recorded, options, publicUrl),
  ]);
  await timed(ctx, "write", () =>
    runBatch(db, [
      ...insertRows(db, leads, leadsWritten),
      ...insertRows(db, leadEvents, [...recorded.flatMap((r) => r.events), ...notification.events]),
      ...insertRows(
        db,
        outboxEvents,
        recorded.flatMap((r) => r.outbox),
      ),
      ...countNewLeads(db, leadsWritten),
      ...notification.statements,
      ...triggered,
    ]),
  );
  if (recorded.length > 0) dispatchSoon(ctx);
  if (notification.queued) dispatchEmailSoon(ctx);
  if (triggered.length > 0) dispatchEnrollmentsIfActive(ctx);
}

/**
 * Writes the leads; if the write fails, the gate forgets the ones it admitted so they neither
 * count against a cap nor block a retry as duplicates.
 */
async function writeOrRelease(ctx: TenantCtx, flow: Flow, recorded: RecordedLead[], caps: CapWindow[], options: SubmitOptions) {
  try {
    await write(ctx, flow, recorded, options);
  } catch (error) {
    const admitted = recorded.filter((r) => r.lead.status === "accepted").map((r) => r.lead.id);
    if (admitted.length > 0) await flowGate({ ...ctx, testMode: recorded[0]!.lead.testMode }, flow.id).release(admitted, caps);
    throw error;
  }
}

/** A single lead through the whole flow. Validation failures throw; rule rejections are recorded. */
export async function submitLead(ctx: TenantCtx, flowId: string, item: SubmissionItem, options: SubmitOptions = {}) {
  const flow = await timed(ctx, "flow", () => getActiveFlow(ctx, flowId));
  const testMode = ctx.testMode || options.test_mode === true;
  const prepared = await timed(ctx, "enhance", () => prepareLead(ctx, flow, item, testMode));
  if (prepared.issues.length > 0) throw validationError(prepared.issues, "Lead validation failed");
  let decision = decide(prepared.checks);
  const caps = capWindows(flow.settings, ctx.now.getTime());
  if (decision.status === "accepted") {
    const gate = flowGate({ ...ctx, testMode }, flow.id);
    const { verdicts } = await timed(ctx, "gate", () =>
      gate.admit([{ leadId: prepared.leadId, keys: prepared.keys }], flow.settings.duplicate_policy.window_days, caps, ctx.now.getTime()),
    );
    const verdict = verdicts[0]!;
    decision = decide([...prepared.checks, ...gateChecks(flow, verdict, caps)], verdict.duplicateOf);
  }
  const recorded = recordLead(ctx, flow, prepared, decision);
  await writeOrRelease(ctx, flow, [recorded], caps, options);
  const delivering = decision.status === "accepted" && (await startCommittedDeliveries(ctx, flow, [recorded.lead.id], testMode));
  if (!delivering) return { flow, recorded, decision, delivery: null };
  const delivery = options.async ? null : await awaitFirstDelivery(ctx, recorded.lead.id, options.timeout ?? MAX_SYNC_WAIT_MS);
  return { flow, recorded, decision, delivery };
}

export interface BatchOptions extends SubmitOptions {
  continue_on_error?: boolean;
  max_concurrent?: number;
}

export type BatchOutcome =
  | { kind: "recorded"; externalId: string | undefined; recorded: RecordedLead; duplicateOf: string | null }
  | { kind: "invalid"; externalId: string | undefined; prepared: PreparedLead }
  | { kind: "not_processed"; externalId: string | undefined };

/** Runs `fn` over items with at most `limit` at once (provider calls are the slow part). */
async function mapWithLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Many leads through the flow: each is judged on its own and the good ones are stored even when
 * others fail. The gate admits all candidates in one call and everything is written in one D1
 * batch. With `continue_on_error: false`, processing stops at the first lead that fails.
 */
export async function submitBatch(ctx: TenantCtx, flowId: string, items: SubmissionItem[], options: BatchOptions = {}) {
  const flow = await getActiveFlow(ctx, flowId);
  const testMode = ctx.testMode || options.test_mode === true;
  const stopAtFailure = options.continue_on_error === false;
  const prepared = await mapWithLimit(items, Math.max(1, Math.min(options.max_concurrent ?? 10, 50)), (item) =>
    prepareLead(ctx, flow, item, testMode),
  );

  const failsLocally = (p: PreparedLead) => p.issues.length > 0 || decide(p.checks).status === "rejected";
  let cut = stopAtFailure ? prepared.findIndex(failsLocally) : -1;
  if (cut === -1) cut = prepared.length - 1;

  const candidates = prepared.slice(0, cut + 1).filter((p) => !failsLocally(p));
  const caps = capWindows(flow.settings, ctx.now.getTime());
  const verdicts = new Map<string, GateVerdict>();
  if (candidates.length > 0) {
    const gate = flowGate({ ...ctx, testMode }, flow.id);
    const answer = await gate.admit(
      candidates.map((p) => ({ leadId: p.leadId, keys: p.keys })),
      flow.settings.duplicate_policy.window_days,
      caps,
      ctx.now.getTime(),
      stopAtFailure,
    );
    for (const verdict of answer.verdicts) verdicts.set(verdict.leadId, verdict);
    const refused = answer.verdicts.find((v) => !v.admitted);
    if (stopAtFailure && refused)
      cut = Math.min(
        cut,
        prepared.findIndex((p) => p.leadId === refused.leadId),
      );
  }

  const outcomes: BatchOutcome[] = prepared.map((p, index): BatchOutcome => {
    if (index > cut) return { kind: "not_processed", externalId: p.externalId };
    if (p.issues.length > 0) return { kind: "invalid", externalId: p.externalId, prepared: p };
    const verdict = verdicts.get(p.leadId);
    const checks = verdict ? [...p.checks, ...gateChecks(flow, verdict, caps)] : p.checks;
    const decision = decide(checks, verdict?.duplicateOf ?? null);
    return { kind: "recorded", externalId: p.externalId, recorded: recordLead(ctx, flow, p, decision), duplicateOf: decision.duplicateOf };
  });
  const recorded = outcomes.flatMap((o) => (o.kind === "recorded" ? [o.recorded] : []));
  await writeOrRelease(ctx, flow, recorded, caps, options);
  await startCommittedDeliveries(
    ctx,
    flow,
    recorded.filter((r) => r.lead.status === "accepted").map((r) => r.lead.id),
    testMode,
  );
  return { batchId: newId("batch", ctx.now.getTime()), outcomes };
}

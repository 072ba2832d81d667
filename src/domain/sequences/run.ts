import { and, desc, eq, gte, inArray, isNotNull } from "drizzle-orm";
import { asStatement, insertRowIfStatement, runBatch } from "../../db/bulk";
import type { DefinitionEdge, DefinitionNode, PathEntry } from "../../db/json/sequences";
import {
  campaignLeads,
  drafts,
  type Lead,
  leads,
  messages,
  type Sender,
  type SequenceEnrollment,
  sequenceDefinitions,
  sequenceEnrollments,
  sequenceSendSlots,
  sequenceVersions,
  tenants,
} from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { getCampaign } from "../campaigns/campaigns";
import type { TenantCtx } from "../context";
import { withdrawQueued } from "../email/delivery";
import { prepareMessage } from "../email/messages";
import { dispatchEmailOutbox } from "../email/outbox";
import { localTime, nextDayOpening } from "../email/send-window";
import { getSender } from "../email/senders";
import { suppressionsAmong } from "../email/suppressions";
import { leadStatusState } from "../statuses/statuses";
import { sequenceEventStatements } from "./events";
import { evaluateLeadExpression } from "./expressions";
import { bodyOf, campaignDraftOf, conditionOf, ENGAGEMENT_FIELDS, senderOf, subjectOf, triggerOf } from "./nodes";
import { signalType } from "./signals";
import { conditionTimeoutMs, leadTimeZone, waitEnd } from "./waits";

// The verbs an enrollment's Workflow runs, one per step: each reads the enrollment afresh, so a
// pause, a cancel or an edit of the lead is seen at the next node, and each is safe to repeat
// (a retried step writes nothing twice: path entries are keyed by node, events and messages by
// enrollment and node).

export interface RunGraph {
  nodes: DefinitionNode[];
  edges: DefinitionEdge[];
  firstNodeId: string | null;
}

const scoped = (ctx: TenantCtx, id: string) => and(ownedBy(sequenceEnrollments, ctx), eq(sequenceEnrollments.id, id));

async function enrollmentOf(ctx: TenantCtx, id: string): Promise<SequenceEnrollment | null> {
  const [row] = await ctx.db.select().from(sequenceEnrollments).where(scoped(ctx, id)).limit(1);
  return row ?? null;
}

const isRunning = (e: SequenceEnrollment) => e.status === "active" || e.status === "paused";

/** The version's graph, and the enrollment recorded as started (its `sequence.enrolled` event). Null: it ended before it began. */
export async function startRun(ctx: TenantCtx, enrollmentId: string): Promise<RunGraph | null> {
  const enrollment = await enrollmentOf(ctx, enrollmentId);
  if (!enrollment || !isRunning(enrollment)) return null;
  const [version] = await ctx.db
    .select()
    .from(sequenceVersions)
    .where(and(eq(sequenceVersions.sequenceId, enrollment.sequenceId), eq(sequenceVersions.version, enrollment.version)))
    .limit(1);
  if (!version) return null;
  await runBatch(ctx.db, sequenceEventStatements(ctx.db, enrollment, "enrolled", null, ctx.now, { reason: enrollment.source }));
  const trigger = triggerOf(version.nodes);
  const first = trigger ? (version.edges.find((e) => e.source === trigger.nodeId)?.target ?? null) : null;
  return { nodes: version.nodes, edges: version.edges, firstNodeId: first };
}

export type Arrival = { kind: "go" } | { kind: "paused" } | { kind: "stopped" };

/**
 * Leaves the node the enrollment is at with its outcome and arrives at `node`: both on its path,
 * with their `completed` and `entered` events. A paused enrollment stays where it is; an ended one
 * (cancelled) stops.
 */
export async function arrive(ctx: TenantCtx, enrollmentId: string, node: DefinitionNode, outcome: string | null): Promise<Arrival> {
  const enrollment = await enrollmentOf(ctx, enrollmentId);
  if (!enrollment || !isRunning(enrollment)) return { kind: "stopped" };
  if (enrollment.status === "paused") return { kind: "paused" };
  if (enrollment.path.some((p) => p.nodeId === node.nodeId)) return { kind: "go" };
  const at = ctx.now.toISOString();
  const last = enrollment.path.at(-1);
  const path: PathEntry[] = [
    ...enrollment.path.slice(0, -1),
    ...(last ? [{ ...last, leftAt: last.leftAt ?? at, outcome: last.outcome ?? outcome }] : []),
    { nodeId: node.nodeId, type: node.type, enteredAt: at, leftAt: null, outcome: null },
  ];
  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db
        .update(sequenceEnrollments)
        .set({ path, currentNodeId: node.nodeId, nextWakeAt: null, updatedAt: at })
        .where(and(scoped(ctx, enrollmentId), eq(sequenceEnrollments.status, "active"))),
    ),
    ...(last ? sequenceEventStatements(ctx.db, enrollment, "completed", last.nodeId, ctx.now, { reason: outcome }) : []),
    ...sequenceEventStatements(ctx.db, enrollment, "entered", node.nodeId, ctx.now),
  ]);
  return { kind: "go" };
}

/**
 * Ends a running enrollment: completed (the graph ran out, or an `end` action), exited with its
 * reason, or cancelled. An exit or a cancel also ends its emails still queued, unsent; a completed
 * enrollment's last email still goes.
 */
export async function endRun(
  ctx: TenantCtx,
  enrollmentId: string,
  end: { status: "completed"; outcome: string | null } | { status: "exited" | "cancelled"; reason: string },
): Promise<void> {
  const enrollment = await enrollmentOf(ctx, enrollmentId);
  if (!enrollment || !isRunning(enrollment)) return;
  const at = ctx.now.toISOString();
  const last = enrollment.path.at(-1);
  const outcome = end.status === "completed" ? end.outcome : `exited: ${end.reason}`;
  const path = last ? [...enrollment.path.slice(0, -1), { ...last, leftAt: last.leftAt ?? at, outcome: last.outcome ?? outcome }] : [];
  await runBatch(ctx.db, [
    asStatement(
      ctx.db,
      ctx.db
        .update(sequenceEnrollments)
        .set({
          status: end.status,
          exitReason: end.status === "completed" ? null : end.reason,
          path,
          nextWakeAt: null,
          updatedAt: at,
          endedAt: at,
        })
        .where(and(scoped(ctx, enrollmentId), inArray(sequenceEnrollments.status, ["active", "paused"]))),
    ),
    ...(end.status !== "completed"
      ? [
          ...sequenceEventStatements(ctx.db, enrollment, "exited", last?.nodeId ?? null, ctx.now, { reason: end.reason }),
          ...withdrawQueued(ctx, { id: enrollmentId, status: end.status, exitReason: end.reason }),
        ]
      : [
          ...(last ? sequenceEventStatements(ctx.db, enrollment, "completed", last.nodeId, ctx.now, { reason: outcome }) : []),
          ...sequenceEventStatements(ctx.db, enrollment, "completed", null, ctx.now),
        ]),
  ]);
}

async function setWake(ctx: TenantCtx, enrollmentId: string, until: Date): Promise<void> {
  await ctx.db
    .update(sequenceEnrollments)
    .set({ nextWakeAt: until.toISOString(), updatedAt: ctx.now.toISOString() })
    .where(scoped(ctx, enrollmentId));
}

async function leadOf(ctx: TenantCtx, leadId: string): Promise<Lead | null> {
  const [lead] = await ctx.db
    .select()
    .from(leads)
    .where(and(ownedBy(leads, ctx), eq(leads.id, leadId)))
    .limit(1);
  return lead ?? null;
}

/** Why the lead must leave before the next email, or null: the exit rules, in order. */
async function exitReason(ctx: TenantCtx, enrollment: SequenceEnrollment, lead: Lead | null): Promise<string | null> {
  if (!lead) return "removed";
  const status = await leadStatusState(ctx, lead.status);
  if (status.isClosed) return status.isWon ? "won" : "lost";
  const [definition] = await ctx.db
    .select({ exitOnReply: sequenceDefinitions.exitOnReply })
    .from(sequenceDefinitions)
    .where(eq(sequenceDefinitions.id, enrollment.sequenceId))
    .limit(1);
  if (definition?.exitOnReply ?? true) {
    const [replied] = await ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          ownedBy(messages, ctx),
          eq(messages.leadId, lead.id),
          isNotNull(messages.repliedAt),
          gte(messages.repliedAt, enrollment.createdAt),
        ),
      )
      .limit(1);
    if (replied) return "replied";
  }
  if (!lead.email) return "no_email";
  const suppression = (await suppressionsAmong(ctx, [lead.email])).get(lead.email.toLowerCase());
  if (suppression === "unsubscribed") return "unsubscribed";
  if (suppression === "bounced" || suppression === "complained") return "bounced";
  if (suppression) return "suppressed";
  return null;
}

export type EmailOutcome = { kind: "sent"; messageId: string } | { kind: "exited"; reason: string } | { kind: "capped"; until: string };

/** The email's subject and body: the node's own, or the lead's draft for a campaign's step (else the step's template). */
async function contentOf(
  ctx: TenantCtx,
  node: DefinitionNode,
  lead: Lead,
): Promise<{ subject: string; html: string | null; text: string | null }> {
  const asBody = (body: string) => (/<[a-z][\s\S]*>/i.test(body) ? { html: body, text: null } : { html: null, text: body });
  const draftOf = campaignDraftOf(node);
  if (draftOf) {
    const [draft] = await ctx.db
      .select({ subject: drafts.subject, body: drafts.body })
      .from(drafts)
      .innerJoin(campaignLeads, eq(campaignLeads.id, drafts.campaignLeadId))
      .where(
        and(
          ownedBy(drafts, ctx),
          eq(drafts.campaignId, draftOf.campaignId),
          eq(drafts.stepIndex, draftOf.stepIndex),
          eq(campaignLeads.leadId, lead.id),
        ),
      )
      .orderBy(desc(drafts.createdAt))
      .limit(1);
    if (draft) return { subject: subjectOf(node) ?? draft.subject, ...asBody(draft.body) };
    const step = (await getCampaign(ctx, draftOf.campaignId)).steps[draftOf.stepIndex - 1];
    if (step) return { subject: subjectOf(node) ?? step.subject, ...asBody(bodyOf(node) ?? step.body) };
  }
  return { subject: subjectOf(node) ?? "", ...asBody(bodyOf(node) ?? "") };
}

/**
 * An email node: the exit rules first, then a place in the lead's day under the tenant's
 * frequency cap (else the next local day, when it tries again), then the message, written with
 * its outbox row and handed to its sending Workflow, which waits for the sender's window read
 * in the lead's time zone. One message per enrollment and node, however often this runs.
 */
export async function sendEmailNode(ctx: TenantCtx, enrollmentId: string, node: DefinitionNode): Promise<EmailOutcome> {
  const enrollment = await enrollmentOf(ctx, enrollmentId);
  if (!enrollment || !isRunning(enrollment)) return { kind: "exited", reason: "cancelled" };
  const [existing] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.enrollmentId, enrollmentId), eq(messages.nodeId, node.nodeId)))
    .limit(1);
  if (existing) {
    // A retry after the write: hand the message over in case the first attempt stopped before.
    await dispatchEmailOutbox(ctx.env, { tenantId: ctx.tenant.id, messageId: existing.id });
    return { kind: "sent", messageId: existing.id };
  }
  const lead = await leadOf(ctx, enrollment.leadId);
  const reason = await exitReason(ctx, enrollment, lead);
  let sender: Sender | null = null;
  if (!reason) sender = await getSender(ctx, senderOf(node) ?? "").catch(() => null);
  const exit = reason ?? (sender ? null : "sender_missing");
  if (exit) {
    await endRun(ctx, enrollmentId, { status: "exited", reason: exit });
    return { kind: "exited", reason: exit };
  }
  const recipient = lead as Lead & { email: string };
  const timeZone = leadTimeZone(recipient.customFields, sender!.timeZone);
  const [{ cap } = { cap: null }] = await ctx.db
    .select({ cap: tenants.leadDailyEmailCap })
    .from(tenants)
    .where(eq(tenants.id, ctx.tenant.id))
    .limit(1);
  if (cap !== null) {
    const day = localTime(ctx.now, timeZone).date;
    const slot = {
      enrollmentId,
      nodeId: node.nodeId,
      tenantId: ctx.tenant.id,
      leadId: recipient.id,
      day,
      createdAt: ctx.now.toISOString(),
    };
    // One statement counts the day's places and takes one, so concurrent sequences cannot overrun the cap.
    await insertRowIfStatement(
      ctx.db,
      sequenceSendSlots,
      slot,
      "(SELECT COUNT(*) FROM sequence_send_slots WHERE tenant_id = ? AND lead_id = ? AND day = ?) < ?",
      [ctx.tenant.id, recipient.id, day, cap],
      true,
    ).run();
    const [taken] = await ctx.db
      .select({ day: sequenceSendSlots.day })
      .from(sequenceSendSlots)
      .where(and(eq(sequenceSendSlots.enrollmentId, enrollmentId), eq(sequenceSendSlots.nodeId, node.nodeId)))
      .limit(1);
    if (!taken) {
      const until = nextDayOpening(ctx.now, null, timeZone);
      await setWake(ctx, enrollmentId, until);
      return { kind: "capped", until: until.toISOString() };
    }
  }
  const content = await contentOf(ctx, node, recipient);
  const { message, statements } = await prepareMessage(ctx, sender!, recipient, content, enrollment.publicUrl, {
    enrollmentId,
    nodeId: node.nodeId,
    timeZone,
  });
  await runBatch(ctx.db, statements);
  if (message.status === "suppressed") {
    await endRun(ctx, enrollmentId, { status: "exited", reason: "suppressed" });
    return { kind: "exited", reason: "suppressed" };
  }
  await dispatchEmailOutbox(ctx.env, { tenantId: ctx.tenant.id, messageId: message.id });
  const [written] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.enrollmentId, enrollmentId), eq(messages.nodeId, node.nodeId)))
    .limit(1);
  return { kind: "sent", messageId: written?.id ?? message.id };
}

/**
 * When a wait node ends: in the lead's time zone (else the sender's, else UTC), at the earliest when
 * the send window of `senderId` (the email after the wait) opens; scaled by SEQUENCE_TIME_SCALE.
 */
export async function planWait(ctx: TenantCtx, enrollmentId: string, node: DefinitionNode, senderId: string | null): Promise<string> {
  const enrollment = await enrollmentOf(ctx, enrollmentId);
  const lead = enrollment ? await leadOf(ctx, enrollment.leadId) : null;
  const sender = senderId ? await getSender(ctx, senderId).catch(() => null) : null;
  const timeZone = leadTimeZone(lead?.customFields ?? {}, sender?.timeZone ?? "UTC");
  const until = waitEnd(node, ctx.now, timeZone, configOf(ctx.env).sequenceTimeScale, sender?.sendWindow ?? null);
  await setWake(ctx, enrollmentId, until);
  return until.toISOString();
}

export type ConditionPlan = { kind: "decided"; branch: "yes" | "no"; why: string } | { kind: "wait"; eventType: string; timeoutMs: number };

/**
 * A condition: an engagement one is decided at once when the email's row already shows the
 * engagement (or no such email went), else it waits for the event; an expression is evaluated
 * over the lead now.
 */
export async function planCondition(ctx: TenantCtx, enrollmentId: string, node: DefinitionNode): Promise<ConditionPlan> {
  const condition = conditionOf(node);
  const enrollment = await enrollmentOf(ctx, enrollmentId);
  if (!enrollment) return { kind: "decided", branch: "no", why: "the enrollment is gone" };
  if (condition.kind === "expression") {
    const lead = await leadOf(ctx, enrollment.leadId);
    const passed = lead ? evaluateLeadExpression(condition.expression, lead) : false;
    return { kind: "decided", branch: passed ? "yes" : "no", why: passed ? "expression true" : "expression false" };
  }
  if (condition.kind !== "engagement") return { kind: "decided", branch: "no", why: "unknown condition" };
  const filters = [eq(messages.enrollmentId, enrollmentId)];
  if (condition.emailNodeId) filters.push(eq(messages.nodeId, condition.emailNodeId));
  const [message] = await ctx.db
    .select()
    .from(messages)
    .where(and(...filters))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(1);
  if (!message) return { kind: "decided", branch: "no", why: "no email was sent" };
  const kind = ENGAGEMENT_FIELDS[condition.field];
  const seen = kind === "opened" ? message.firstOpenedAt : kind === "clicked" ? message.firstClickedAt : message.repliedAt;
  if (seen) return { kind: "decided", branch: "yes", why: `${kind} at ${seen}` };
  const timeoutMs = conditionTimeoutMs(node, configOf(ctx.env).sequenceTimeScale);
  await setWake(ctx, enrollmentId, new Date(ctx.now.getTime() + timeoutMs));
  return { kind: "wait", eventType: signalType(kind, message.id), timeoutMs };
}

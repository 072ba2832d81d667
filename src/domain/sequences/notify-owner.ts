import { and, eq } from "drizzle-orm";
import { runBatch } from "../../db/bulk";
import type { DefinitionNode } from "../../db/json/sequences";
import { type Lead, leads, messages, type SequenceEnrollment, sequenceDefinitions, sequenceVersions } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { escapeHtml } from "../../platform/html";
import type { TenantCtx } from "../context";
import { prepareNotification } from "../email/messages";
import { dispatchEmailOutbox } from "../email/outbox";
import { getSender } from "../email/senders";
import { isEmailAddress, notifySenderOf } from "./nodes";

// The `notify_owner` action: an email to the person behind the sequence's sender, about the lead
// that reached the node. It is a notification like a flow's (purpose `notification`: no tracking,
// it moves no engagement, it belongs to no enrollment's emails), so the lead's frequency cap and
// the sequence's engagement conditions never see it. Its id derives from the enrollment and the
// node, so a retried step writes it, and sends it, once.

const who = (lead: Lead) => lead.name ?? ([lead.firstName, lead.lastName].filter(Boolean).join(" ") || lead.email || lead.id);

/**
 * The message id of the notification an enrollment's node writes: one per enrollment and node, so
 * a replayed step finds it. It is also its sending Workflow's instance id (letters, digits, - and
 * _) and sits in its reply address `r+r.<id>.<mac>@…`, whose local part SMTP caps at 64
 * characters: so a hash of both, as long as a newly made message id.
 */
export async function ownerNotificationId(enrollmentId: string, nodeId: string): Promise<string> {
  const named = new TextEncoder().encode(`${enrollmentId}\n${nodeId}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", named));
  return `msg_${[...digest.slice(0, 13)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export async function notifyOwner(ctx: TenantCtx, enrollment: SequenceEnrollment, node: DefinitionNode): Promise<string> {
  const id = await ownerNotificationId(enrollment.id, node.nodeId);
  const [existing] = await ctx.db
    .select({ toEmail: messages.toEmail, status: messages.status })
    .from(messages)
    .where(and(ownedBy(messages, ctx), eq(messages.id, id)))
    .limit(1);
  if (existing?.status === "suppressed") return `not notified: ${existing.toEmail} is on the suppression list`;
  if (existing) {
    // A retry after the write: hand the message over in case the first attempt stopped before.
    await dispatchEmailOutbox(ctx.env, { tenantId: ctx.tenant.id, messageId: id });
    return `notified ${existing.toEmail} (${id})`;
  }
  const [version] = await ctx.db
    .select({ nodes: sequenceVersions.nodes, name: sequenceDefinitions.name })
    .from(sequenceVersions)
    .innerJoin(sequenceDefinitions, eq(sequenceDefinitions.id, sequenceVersions.sequenceId))
    .where(and(eq(sequenceVersions.sequenceId, enrollment.sequenceId), eq(sequenceVersions.version, enrollment.version)))
    .limit(1);
  const senderId = notifySenderOf(node, version?.nodes ?? [node]);
  const sender = senderId ? await getSender(ctx, senderId).catch(() => null) : null;
  if (!sender) return "not notified: the sender is gone";
  const [lead] = await ctx.db
    .select()
    .from(leads)
    .where(and(ownedBy(leads, ctx), eq(leads.id, enrollment.leadId)))
    .limit(1);
  if (!lead) return "not notified: the lead is gone";
  const to = isEmailAddress(node.data.to) ? node.data.to : (sender.replyTo ?? sender.fromEmail);
  const sequence = version?.name ?? enrollment.sequenceId;
  const label = typeof node.data.label === "string" ? node.data.label.trim() : "";
  const step = label !== "" && label !== node.nodeId ? `${label} (${node.nodeId})` : node.nodeId;
  const link = `${configOf(ctx.env).email.publicUrl ?? enrollment.publicUrl}/api/v1/leads/${lead.id}`;
  const text = [
    `${who(lead)}${lead.email ? ` <${lead.email}>` : ""} reached ${step} in the sequence ${sequence} (${enrollment.sequenceId}, version ${enrollment.version}).`,
    "",
    `Lead: ${link}`,
    `Enrollment: ${enrollment.id}`,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(`${who(lead)}${lead.email ? ` <${lead.email}>` : ""}`)} reached <b>${escapeHtml(step)}</b> in the sequence`,
    ` <b>${escapeHtml(sequence)}</b> (${escapeHtml(enrollment.sequenceId)}, version ${enrollment.version}).</p>`,
    `<p>Lead: <a href="${escapeHtml(link)}">${escapeHtml(link)}</a><br>Enrollment: ${escapeHtml(enrollment.id)}</p>`,
  ].join("");
  const { message, statements } = await prepareNotification(
    ctx,
    sender,
    { id, leadId: lead.id, to, subject: `${who(lead)} reached ${step} in ${sequence}`, text, html },
    enrollment.publicUrl,
  );
  await runBatch(ctx.db, statements);
  if (message.status === "suppressed") return `not notified: ${to} is on the suppression list`;
  await dispatchEmailOutbox(ctx.env, { tenantId: ctx.tenant.id, messageId: id });
  return `notified ${message.toEmail} (${id})`;
}

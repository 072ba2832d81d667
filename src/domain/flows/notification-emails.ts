import { and, asc, desc, eq, gte, lt, ne, type SQL, sql } from "drizzle-orm";
import { runBatch } from "../../db/bulk";
import { type Flow, flows, type Lead, type LeadEvent, leads, messages, type Sender, senders } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { escapeHtml } from "../../platform/html";
import { newId } from "../../platform/ids";
import { errorFields, log } from "../../platform/log";
import { backgroundCtx, type TenantCtx } from "../context";
import { prepareNotification } from "../email/messages";
import { dispatchEmailOutbox } from "../email/outbox";
import { getSender, undeclaredDomain } from "../email/senders";
import { leadDataAsSent } from "../leads/lead-data";
import { actingFor } from "../tenancy/tenants";
import { zoneOffsetMs } from "./cap-windows";

// A flow's settings.notifications.email hears of its accepted leads: one email per accepted lead
// (`each_lead`, the default; one per call for a batch), or one digest per hour or per day in the
// flow's time zone. They are messages like any other (the email outbox, the sender's Workflow,
// window and daily limit, the suppression list), marked `notification` so they move no engagement.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Leads listed in one email; the rest are counted. */
const LISTED = 50;
/** Where a digest's unsubscribe link points without PUBLIC_URL: local development's `wrangler dev`. */
const DEVELOPMENT_ORIGIN = "http://127.0.0.1:8787";

export const frequencyOf = (flow: Flow) => flow.settings.notifications?.email_frequency ?? "each_lead";

type SenderChoice = { sender: Sender; unsent?: never } | { sender: null; unsent: string };

const declaredList = (ctx: TenantCtx) => ctx.tenant.sendingDomains.join(", ") || "none";

/** The flow's own `sender_id`, which the flow chose: another sender would change the From address. */
async function chosenSender(ctx: TenantCtx, id: string): Promise<SenderChoice> {
  const sender = await getSender(ctx, id).catch(() => null);
  if (!sender) return { sender: null, unsent: `the flow's notifications.sender_id ${id} no longer exists` };
  const undeclared = undeclaredDomain(ctx.tenant, sender.fromEmail);
  if (!undeclared) return { sender };
  return {
    sender: null,
    unsent:
      `notifications.sender_id ${id} sends from ${undeclared}, which is no longer one of the account's sending domains ` +
      `(${declaredList(ctx)}): declare it again with PATCH /api/v1/account or choose another sender`,
  };
}

/**
 * The sender notifications go through: the flow's `sender_id`, else the account's oldest sender
 * on a declared domain (a message from an undeclared one would fail unsent). When none can send,
 * why, naming the missing sender or domain.
 */
async function notificationSender(ctx: TenantCtx, flow: Flow): Promise<SenderChoice> {
  const chosen = flow.settings.notifications?.sender_id;
  if (chosen) return chosenSender(ctx, chosen);
  const all = await ctx.db.select().from(senders).where(ownedBy(senders, ctx)).orderBy(asc(senders.createdAt), asc(senders.id));
  const sendable = all.find((sender) => !undeclaredDomain(ctx.tenant, sender.fromEmail));
  if (sendable) return { sender: sendable };
  if (all.length === 0) return { sender: null, unsent: "no sender to send the notification email: create one at /api/v1/senders" };
  const domains = [...new Set(all.map((sender) => undeclaredDomain(ctx.tenant, sender.fromEmail)))].join(", ");
  return {
    sender: null,
    unsent:
      `no sender can send the notification email: the senders send from ${domains}, not one of the account's sending domains ` +
      `(${declaredList(ctx)}); declare one with PATCH /api/v1/account or create a sender on a declared domain`,
  };
}

const who = (lead: Lead) => lead.name ?? ([lead.firstName, lead.lastName].filter(Boolean).join(" ") || lead.email || lead.phone || lead.id);

function leadBlock(lead: Lead): string[] {
  const data = leadDataAsSent(lead);
  return [
    `${who(lead)} (${lead.id}), quality ${lead.qualityScore ?? 0}`,
    ...Object.entries(data).map(([field, value]) => `  ${field}: ${typeof value === "string" ? value : JSON.stringify(value)}`),
  ];
}

/** Subject, text and HTML of an email listing `listed` of `total` leads. */
function compose(subject: string, intro: string, listed: Lead[], total: number) {
  const lines = [intro, "", ...listed.flatMap((lead) => [...leadBlock(lead), ""])];
  if (total > listed.length) lines.push(`…and ${total - listed.length} more: GET /api/v1/leads?flow_id=${listed[0]?.flowId}`);
  const text = lines.join("\n");
  return { subject, text, html: `<pre style="font-family:monospace">${escapeHtml(text)}</pre>` };
}

/** A `notified` timeline event on each lead the email is about. */
function notifiedEvents(ctx: TenantCtx, flow: Flow, about: Lead[], data: Record<string, unknown>, failure: string | null): LeadEvent[] {
  return about.map((lead) => ({
    id: newId("evt", ctx.now.getTime()),
    tenantId: lead.tenantId,
    testMode: lead.testMode,
    leadId: lead.id,
    flowId: flow.id,
    type: "notified",
    outcome: failure ? "failure" : "success",
    reason: failure,
    data: { channel: "email", ...data },
    createdAt: ctx.now.toISOString(),
  }));
}

/**
 * The email about leads just accepted, for the same D1 batch as the leads, and the `notified` event
 * on each (a failure, with the reason, when no sender can send it). Test leads in a live flow
 * notify nobody, as their webhook events reach only test endpoints.
 */
export async function acceptedLeadsEmail(
  ctx: TenantCtx,
  flow: Flow,
  recorded: Lead[],
  requestOrigin: string,
): Promise<{ statements: D1PreparedStatement[]; events: LeadEvent[]; queued: boolean }> {
  const to = flow.settings.notifications?.email;
  const accepted = recorded.filter((lead) => lead.status === "accepted" && lead.testMode === flow.testMode);
  if (!to || frequencyOf(flow) !== "each_lead" || accepted.length === 0) return { statements: [], events: [], queued: false };
  const flowCtx = { ...ctx, testMode: flow.testMode };
  const { sender, unsent } = await notificationSender(flowCtx, flow);
  if (!sender) return { statements: [], events: notifiedEvents(flowCtx, flow, accepted, { to }, unsent), queued: false };
  const listed = accepted.slice(0, LISTED);
  const body =
    accepted.length === 1
      ? compose(`New lead accepted in ${flow.name}: ${who(accepted[0]!)}`, `Flow ${flow.name} accepted a lead.`, listed, 1)
      : compose(
          `${accepted.length} new leads accepted in ${flow.name}`,
          `Flow ${flow.name} accepted ${accepted.length} leads.`,
          listed,
          accepted.length,
        );
  const { message, statements } = await prepareNotification(flowCtx, sender, { leadId: accepted[0]!.id, to, ...body }, requestOrigin);
  const events = notifiedEvents(flowCtx, flow, accepted, { to, message_id: message.id }, null);
  return { statements, events, queued: message.status === "queued" };
}

/** How many windows back each cron run looks, so that a run that failed or never came is caught up by the next. */
const HOURS_CHECKED = 3;
const DAYS_CHECKED = 2;

export interface DigestWindow {
  start: number;
  end: number;
}

/**
 * The instant a wall-clock time of `timeZone` (ms, read as if UTC) happens, by the zone's offset
 * then, not now. A time the clocks skip (Santiago's midnight in September) has none: then the
 * first instant after it, the moment the clocks jump.
 */
function instantOf(timeZone: string, wall: number): number {
  const guess = wall - zoneOffsetMs(timeZone, wall - zoneOffsetMs(timeZone, wall));
  const offset = zoneOffsetMs(timeZone, guess);
  return guess + offset < wall ? wall - offset : guess;
}

/**
 * The digest windows of `flow` that ended before `now`, oldest first: the last few local hours or
 * days. Each bound is a local hour or midnight by the offset at it, so a daylight-saving change
 * moves no bound (nor the message id derived from the start) between one run and the next.
 */
export function recentDigestWindows(flow: Flow, now: number): DigestWindow[] {
  const timeZone = flow.settings.timezone;
  const offset = zoneOffsetMs(timeZone, now);
  if (frequencyOf(flow) === "daily") {
    const today = Math.floor((now + offset) / DAY) * DAY;
    return Array.from({ length: DAYS_CHECKED }, (_, i) => {
      const back = DAYS_CHECKED - i;
      return { start: instantOf(timeZone, today - back * DAY), end: instantOf(timeZone, today - (back - 1) * DAY) };
    });
  }
  // Local hours, each bound by its own offset, so a half-hour shift (Lord Howe) overlaps no two windows.
  const thisHour = Math.floor((now + offset) / HOUR) * HOUR;
  return Array.from({ length: HOURS_CHECKED }, (_, i) => {
    const back = HOURS_CHECKED - i;
    return { start: instantOf(timeZone, thisHour - back * HOUR), end: instantOf(timeZone, thisHour - (back - 1) * HOUR) };
  });
}

const digestFlows = (): SQL =>
  sql`json_extract(${flows.settings}, '$.notifications.email') IS NOT NULL
    AND json_extract(${flows.settings}, '$.notifications.email_frequency') IN ('hourly', 'daily')`;

/** Writes the digest of one window unless it was written before; whether it wrote one. */
async function writeDigest(env: Env, flowCtx: TenantCtx, flow: Flow, window: DigestWindow): Promise<boolean> {
  const { db } = flowCtx;
  const id = `msg_digest_${flow.id}_${window.start}`;
  const [sent] = await db.select({ id: messages.id }).from(messages).where(eq(messages.id, id)).limit(1);
  if (sent) return false;
  const inWindow = and(
    ownedBy(leads, flowCtx),
    eq(leads.flowId, flow.id),
    ne(leads.status, "rejected"),
    gte(leads.createdAt, new Date(window.start).toISOString()),
    lt(leads.createdAt, new Date(window.end).toISOString()),
  );
  const [{ total } = { total: 0 }] = await db.select({ total: sql<number>`count(*)` }).from(leads).where(inWindow);
  if (total === 0) return false;
  const { sender, unsent } = await notificationSender(flowCtx, flow);
  if (!sender) {
    // No message is written, so the window stays open to the next runs' look-back.
    log("warn", "flow digest not written; later runs retry its window", {
      job: "digests",
      tenant_id: flow.tenantId,
      flow_id: flow.id,
      window_start: new Date(window.start).toISOString(),
      reason: unsent,
    });
    return false;
  }
  const listed = await db.select().from(leads).where(inWindow).orderBy(desc(leads.createdAt)).limit(LISTED);
  const period = frequencyOf(flow) === "daily" ? "day" : "hour";
  const plural = total === 1 ? "" : "s";
  const [since, until] = [new Date(window.start).toISOString(), new Date(window.end).toISOString()];
  const body = compose(
    `${total} lead${plural} accepted in ${flow.name} (${period} from ${since})`,
    `Flow ${flow.name} accepted ${total} lead${plural} between ${since} and ${until}.`,
    listed,
    total,
  );
  const to = flow.settings.notifications!.email!;
  const origin = configOf(env).email.publicUrl ?? DEVELOPMENT_ORIGIN;
  const { statements } = await prepareNotification(flowCtx, sender, { id, leadId: listed[0]!.id, to, ...body }, origin);
  await runBatch(db, statements);
  return true;
}

/**
 * Writes each digest flow's digests of the last few windows, from the hourly cron. The message id
 * derives from the flow and the window, so a window is digested once however many runs look at it,
 * and one a failed or missed run left out is written by the next. A window without accepted leads
 * sends nothing. A flow whose digest fails (D1 unavailable, say) is logged and left to the next
 * run; the other flows still get theirs.
 */
export async function sendDigests(env: Env, now: Date): Promise<number> {
  const ctx = backgroundCtx(env, () => undefined);
  const candidates = await ctx.db
    .select()
    .from(flows)
    .where(and(eq(flows.status, "active"), digestFlows()))
    .orderBy(asc(flows.id));
  let written = 0;
  for (const flow of candidates) {
    try {
      const flowCtx = { ...(await actingFor(ctx, { tenantId: flow.tenantId, testMode: flow.testMode })), now };
      for (const window of recentDigestWindows(flow, now.getTime())) {
        if (await writeDigest(env, flowCtx, flow, window)) written++;
      }
    } catch (error) {
      log("error", "flow digest not written; the next runs retry its windows", {
        job: "digests",
        tenant_id: flow.tenantId,
        flow_id: flow.id,
        ...errorFields(error),
      });
    }
  }
  if (written > 0) await dispatchEmailOutbox(env);
  return written;
}

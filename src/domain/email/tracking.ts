import { eq } from "drizzle-orm";
import { type Message, messages } from "../../db/schema";
import { configOf } from "../../platform/config";
import { type EmailOpenedMessage, enqueueJobs } from "../../platform/job-messages";
import type { Ctx } from "../context";
import { actingFor } from "../tenancy/tenants";
import { OUTCOME_UNKNOWN } from "./delivery";
import { recordEngagement } from "./engagement";
import { type TokenKind, type TrackingToken, verifyToken } from "./tracking-tokens";

// The public side of a sent message: its open pixel, its click links, its unsubscribe page. Each
// is found by a signed token; a token that does not verify finds nothing.

async function messageOf(ctx: Ctx, value: string, kind: TokenKind): Promise<{ token: TrackingToken; message: Message } | null> {
  const secret = configOf(ctx.env).email.secret;
  const token = secret ? await verifyToken(secret, value, kind) : null;
  if (!token) return null;
  const [message] = await ctx.db.select().from(messages).where(eq(messages.id, token.messageId)).limit(1);
  return message ? { token, message } : null;
}

const tenantCtx = (ctx: Ctx, message: Message) => actingFor(ctx, { tenantId: message.tenantId, testMode: message.testMode });

/**
 * Whether the message may be in its recipient's inbox, so that an open or a click of it is theirs:
 * it was sent, or it was handed to the transport and nobody knows whether it went (still `sending`,
 * or failed by `deliver` with "outcome unknown"). The tokens of a message never handed over (queued,
 * suppressed, failed before sending) reached no inbox: whoever fetches them read the message from
 * the API, and that is no engagement.
 */
const mayHaveArrived = (message: Message) =>
  message.sentAt !== null || message.status === "sending" || message.error?.startsWith(OUTCOME_UNKNOWN) === true;

/**
 * The pixel was fetched. Mail clients fetch pixels in bursts, so the fetch only checks the token
 * (no storage) and queues the open; `recordOpen` records it from the job queue.
 */
export async function trackOpen(env: Env, token: string, at: Date): Promise<void> {
  const secret = configOf(env).email.secret;
  const verified = secret ? await verifyToken(secret, token, "o") : null;
  if (verified) await enqueueJobs(env.JOBS, [{ type: "email.opened", messageId: verified.messageId, at: at.toISOString() }]);
}

/**
 * Opens from the queue, several of one message recorded together: the first open of a message is
 * its event, every one is counted (a redelivered job counts again).
 */
export async function recordOpens(ctx: Ctx, jobs: EmailOpenedMessage[]): Promise<void> {
  const byMessage = Map.groupBy(jobs, (job) => job.messageId);
  for (const [messageId, opens] of byMessage) {
    const [message] = await ctx.db.select().from(messages).where(eq(messages.id, messageId)).limit(1);
    if (!message || !mayHaveArrived(message)) continue;
    const first = opens.map((o) => o.at).sort()[0]!;
    const acting = await tenantCtx({ ...ctx, now: new Date(first) }, message);
    await recordEngagement(acting, message, "opened", {}, { times: opens.length });
  }
}

async function linkOf(ctx: Ctx, token: string): Promise<{ message: Message; link: number; url: string } | null> {
  const found = await messageOf(ctx, token, "c");
  if (!found) return null;
  const link = found.token.link!; // a click token always names a link
  const url = found.message.links[link];
  return url ? { message: found.message, link, url } : null;
}

/** Where a click link goes (only ever a link the message had), or null for a token that is not ours; records nothing. */
export async function clickTarget(ctx: Ctx, token: string): Promise<string | null> {
  return (await linkOf(ctx, token))?.url ?? null;
}

/** A link was clicked: where it goes, as `clickTarget`, with the click recorded when the message may have arrived. */
export async function trackClick(ctx: Ctx, token: string): Promise<string | null> {
  const found = await linkOf(ctx, token);
  if (!found) return null;
  if (mayHaveArrived(found.message))
    await recordEngagement(await tenantCtx(ctx, found.message), found.message, "clicked", { url: found.url, link: found.link });
  return found.url;
}

/** The message an unsubscribe token names, for its confirmation page. */
export async function unsubscribeTarget(ctx: Ctx, token: string): Promise<Message | null> {
  return (await messageOf(ctx, token, "u"))?.message ?? null;
}

/** Unsubscribes the message's recipient: on the tenant's suppression list, with `lead.unsubscribed`. */
export async function unsubscribe(ctx: Ctx, token: string): Promise<Message | null> {
  const found = await messageOf(ctx, token, "u");
  if (!found) return null;
  await recordEngagement(await tenantCtx(ctx, found.message), found.message, "unsubscribed");
  return found.message;
}

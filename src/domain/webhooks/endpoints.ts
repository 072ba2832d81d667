import { and, desc, eq } from "drizzle-orm";
import { type WebhookEndpoint, webhookEndpoints } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import { outboundPolicy, refuseOutboundUrl } from "../../platform/outbound-url";
import { grants } from "../../platform/scopes";
import type { TenantCtx } from "../context";
import { deleteOwned, findOwned } from "../owned";
import { generateSecret, secretFingerprint } from "./signing";

export interface EndpointInput {
  url: string;
  events: string[];
  description?: string | null;
  secret?: string;
  enabled?: boolean;
}

function checkUrl(ctx: TenantCtx, url: string) {
  const refusal = refuseOutboundUrl(url, outboundPolicy(ctx.env));
  if (refusal) throw ApiError.invalidField("url", "unsafe_url", `url ${refusal}`);
}

/** A new generated secret with its hint; a tenant's own secret gets no hint. */
async function issuedSecret(): Promise<{ secret: string; secretHint: string }> {
  const secret = generateSecret();
  return { secret, secretHint: await secretFingerprint(secret) };
}

/** A new endpoint row (URL checked, secret issued unless given); `flowId` marks one a flow's settings manage. */
export async function endpointRow(ctx: TenantCtx, input: EndpointInput, flowId: string | null = null): Promise<WebhookEndpoint> {
  checkUrl(ctx, input.url);
  const issued = input.secret ? { secret: input.secret, secretHint: null } : await issuedSecret();
  const at = ctx.now.toISOString();
  return {
    id: newId("whk", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    url: input.url,
    description: input.description ?? null,
    events: input.events,
    flowId,
    ...issued,
    enabled: input.enabled ?? true,
    disabledReason: null,
    failingSince: null,
    createdAt: at,
    updatedAt: at,
  };
}

export async function createEndpoint(ctx: TenantCtx, input: EndpointInput): Promise<WebhookEndpoint> {
  const endpoint = await endpointRow(ctx, input);
  await ctx.db.insert(webhookEndpoints).values(endpoint);
  return endpoint;
}

export function getEndpoint(ctx: TenantCtx, endpointId: string): Promise<WebhookEndpoint> {
  return findOwned(ctx, webhookEndpoints, endpointId, "Webhook endpoint");
}

export async function listEndpoints(ctx: TenantCtx): Promise<WebhookEndpoint[]> {
  return ctx.db.select().from(webhookEndpoints).where(ownedBy(webhookEndpoints, ctx)).orderBy(desc(webhookEndpoints.createdAt));
}

/** Changes an endpoint; re-enabling clears the disable reason and the failure run, `rotate_secret` issues a new secret. */
export async function updateEndpoint(
  ctx: TenantCtx,
  endpointId: string,
  change: Partial<EndpointInput> & { rotate_secret?: boolean },
): Promise<WebhookEndpoint> {
  await getEndpoint(ctx, endpointId);
  if (change.url) checkUrl(ctx, change.url);
  const { rotate_secret, ...fields } = change;
  const rotated = rotate_secret ? await issuedSecret() : {};
  const [updated] = await ctx.db
    .update(webhookEndpoints)
    .set({
      ...fields,
      ...rotated,
      ...(change.enabled ? { disabledReason: null, failingSince: null } : {}),
      updatedAt: ctx.now.toISOString(),
    })
    .where(and(ownedBy(webhookEndpoints, ctx), eq(webhookEndpoints.id, endpointId)))
    .returning();
  if (!updated) throw new ApiError("not_found", `Webhook endpoint ${endpointId} does not exist`);
  return updated;
}

export function deleteEndpoint(ctx: TenantCtx, endpointId: string): Promise<void> {
  return deleteOwned(ctx, webhookEndpoints, endpointId, "Webhook endpoint");
}

/** What a request's callback URL is delivered through; `created` is a new endpoint still to be written. */
export interface CallbackEndpoint {
  id: string;
  secret: string | null;
  created: WebhookEndpoint | null;
}

/**
 * The endpoint a request's own callback URL (a batch's `webhook_url`, a command's `webhook`) is
 * delivered through: the tenant's enabled endpoint for that URL (with that secret, when one is
 * given), else a new one, which comes back as `created` and is not written here, so a caller can
 * write it in the batch that stores the request, or not at all when the request is refused. A
 * disabled endpoint for the URL is left as the tenant set it and never reused, since it would
 * swallow the callback: the request gets an endpoint of its own. `secret` is set only when the
 * endpoint is new and the caller did not choose it, so it can be shown once. A callback is a tenant
 * webhook endpoint, so the calling key needs webhooks:write for it (refused naming `field`, the
 * request's URL field).
 */
export async function callbackEndpoint(
  ctx: TenantCtx,
  url: string,
  made: { field: string; events: string[]; description: string; secret?: string },
): Promise<CallbackEndpoint> {
  if (ctx.scopes && !grants(ctx.scopes, "webhooks:write")) {
    throw new ApiError("insufficient_scope", "A callback URL needs an API key with the webhooks:write scope", [
      { field: made.field, code: "missing_scope", message: "Requires scope webhooks:write" },
    ]);
  }
  const known = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(ownedBy(webhookEndpoints, ctx), eq(webhookEndpoints.url, url)));
  // A flow's notification endpoint hears only about its flow's leads, so a callback never shares it.
  const reusable = known.find((ep) => ep.enabled && ep.flowId === null && (made.secret === undefined || ep.secret === made.secret));
  if (reusable) return { id: reusable.id, secret: null, created: null };
  const created = await endpointRow(ctx, {
    url,
    events: made.events,
    description: made.description,
    ...(made.secret ? { secret: made.secret } : {}),
  });
  return { id: created.id, secret: made.secret ? null : created.secret, created };
}

import { and, eq } from "drizzle-orm";
import { asStatement } from "../../db/bulk";
import type { FlowNotifications } from "../../db/json/flows";
import { webhookEndpoints } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { outboundPolicy, refuseOutboundUrl } from "../../platform/outbound-url";
import { grants } from "../../platform/scopes";
import type { TenantCtx } from "../context";
import { getSender } from "../email/senders";
import { endpointRow } from "../webhooks/endpoints";

/** The events a flow's `notifications.webhook_url` receives: its leads' whole life. */
export const FLOW_NOTIFICATION_EVENTS = [
  "lead.received",
  "lead.accepted",
  "lead.rejected",
  "lead.delivered",
  "lead.failed",
  "lead.converted",
];

const FIELD = "settings.notifications";

export interface NotificationsChange {
  /** What the flow stores: the settings given, with the managed endpoint's id. */
  stored: FlowNotifications | null;
  /** The endpoint's writes, for the flow's own D1 batch. */
  statements: D1PreparedStatement[];
  /** The new endpoint's secret, shown once in the answer that created it. */
  secret: string | null;
}

/**
 * The webhook endpoint that `notifications.webhook_url` manages for the flow, brought in line with
 * the new settings: created for a first URL (its generated secret returned once), moved when the
 * URL changes (keeping its secret, re-enabled), deleted when the URL is removed. It is a tenant
 * webhook endpoint, so making or moving it needs webhooks:write, as a callback URL does.
 */
export async function settleNotifications(
  ctx: TenantCtx,
  flow: { id: string; name: string },
  previous: FlowNotifications | null,
  next: FlowNotifications | null | undefined,
): Promise<NotificationsChange> {
  if (next === undefined) return { stored: previous, statements: [], secret: null };
  if (next?.sender_id) {
    await getSender(ctx, next.sender_id).catch(() => {
      throw ApiError.invalidField(`${FIELD}.sender_id`, "not_found", `sender ${next.sender_id} does not exist`);
    });
  }
  const [current] = previous?.webhook_endpoint_id
    ? await ctx.db
        .select()
        .from(webhookEndpoints)
        .where(and(ownedBy(webhookEndpoints, ctx), eq(webhookEndpoints.id, previous.webhook_endpoint_id)))
        .limit(1)
    : [];
  const { webhook_endpoint_id: _kept, ...given } = next ?? {};
  const url = next?.webhook_url;
  if (!url) {
    const statements = current ? [asStatement(ctx.db, ctx.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, current.id)))] : [];
    return { stored: next ? given : null, statements, secret: null };
  }
  if (current?.url === url) return { stored: { ...given, webhook_endpoint_id: current.id }, statements: [], secret: null };

  if (ctx.scopes && !grants(ctx.scopes, "webhooks:write")) {
    throw new ApiError("insufficient_scope", "A notification webhook_url needs an API key with the webhooks:write scope", [
      { field: `${FIELD}.webhook_url`, code: "missing_scope", message: "Requires scope webhooks:write" },
    ]);
  }
  const refusal = refuseOutboundUrl(url, outboundPolicy(ctx.env));
  if (refusal) throw ApiError.invalidField(`${FIELD}.webhook_url`, "unsafe_url", `url ${refusal}`);
  if (current) {
    const moved = ctx.db
      .update(webhookEndpoints)
      .set({ url, enabled: true, disabledReason: null, failingSince: null, updatedAt: ctx.now.toISOString() })
      .where(eq(webhookEndpoints.id, current.id));
    return { stored: { ...given, webhook_endpoint_id: current.id }, statements: [asStatement(ctx.db, moved)], secret: null };
  }
  const endpoint = await endpointRow(
    ctx,
    { url, events: FLOW_NOTIFICATION_EVENTS, description: `Notifications of flow ${flow.name} (${flow.id})` },
    flow.id,
  );
  return {
    stored: { ...given, webhook_endpoint_id: endpoint.id },
    statements: [asStatement(ctx.db, ctx.db.insert(webhookEndpoints).values(endpoint))],
    secret: endpoint.secret,
  };
}

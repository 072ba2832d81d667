import type { TenantCtx } from "../context";
import { type CallbackEndpoint, callbackEndpoint } from "../webhooks/endpoints";
import type { LeadGenRequest } from "./profile";

export const LEAD_GENERATION_COMPLETED = "lead_generation.completed";
export const LEAD_GENERATION_FAILED = "lead_generation.failed";

/**
 * The endpoint a command's `webhook` is delivered through. A new one is only a row here, for the
 * batch that stores the command to write, so a refused command leaves no endpoint behind and the
 * command that does get it shows its generated secret.
 */
export function commandEndpoint(ctx: TenantCtx, webhook: NonNullable<LeadGenRequest["webhook"]>): Promise<CallbackEndpoint> {
  return callbackEndpoint(ctx, webhook.url, {
    field: "webhook.url",
    events: [LEAD_GENERATION_COMPLETED, LEAD_GENERATION_FAILED],
    description: "Lead generation completions and failures (created by a lead generation command)",
    ...(webhook.secret ? { secret: webhook.secret } : {}),
  });
}

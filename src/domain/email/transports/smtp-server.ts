import type { SmtpSettings } from "../../../db/json/email";
import type { FieldIssue } from "../../../platform/errors";
import { type OutboundCtx, resolveHost } from "../../../platform/guarded-fetch";
import { isPrivateAddress, isPrivateHost, outboundPolicy } from "../../../platform/outbound-url";

// An SMTP server is an outbound connection like a webhook's (docs/security.md, Outbound calls): no
// loopback, private or link-local host, written as one or resolving to one, unless the deployment
// allows private addresses (ALLOW_PRIVATE_WEBHOOKS); and where production wants https, no plain
// SMTP, which would carry the password and every email unencrypted.

/** Why the deployment will not connect to this server, naming the field; `unresolved` when only its name could not be resolved. */
export type SmtpRefusal = FieldIssue & { unresolved: boolean };

export async function refuseSmtpServer(ctx: OutboundCtx, smtp: Pick<SmtpSettings, "host" | "security">): Promise<SmtpRefusal | null> {
  const policy = outboundPolicy(ctx.env);
  if (policy.requireHttps && smtp.security === "none")
    return {
      field: "smtp.security",
      code: "plain_text_refused",
      message: "none would send the password and every email unencrypted; this deployment requires tls or starttls",
      unresolved: false,
    };
  if (policy.allowPrivate) return null;
  const host = smtp.host.replace(/^\[|\]$/g, "");
  const unsafe = (why: string): SmtpRefusal => ({ field: "smtp.host", code: "unsafe_host", message: `${host} ${why}`, unresolved: false });
  if (isPrivateHost(host)) return unsafe("is a private, loopback or link-local address");
  const resolved = await resolveHost(ctx, host);
  if (!resolved.ok)
    return { field: "smtp.host", code: "unresolved_host", message: `${host} could not be resolved: ${resolved.reason}`, unresolved: true };
  if (resolved.addresses.some(isPrivateAddress)) return unsafe("resolves to a private address");
  return null;
}

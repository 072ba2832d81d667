import { and, desc, eq } from "drizzle-orm";
import type { SendWindow, SmtpSettings } from "../../db/json/email";
import { type Sender, senders } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { ApiError, type FieldIssue } from "../../platform/errors";
import { open, seal } from "../../platform/secret-box";
import type { TenantCtx } from "../context";
import { deleteOwned, findOwned } from "../owned";
import { isTimeZone, minutesOf } from "./send-window";
import { cloudflareTransport } from "./transports/cloudflare";
import { logTransport } from "./transports/log";
import { smtpTransport } from "./transports/smtp";
import { refuseSmtpServer } from "./transports/smtp-server";
import type { Transport } from "./transports/transport";

const SMTP_PASSWORD = "smtp-password";

export interface SenderInput {
  name: string;
  from_email: string;
  from_name?: string | null;
  reply_to?: string | null;
  signature?: string | null;
  custom_prompt?: string | null;
  transport?: Sender["transport"];
  smtp?: (Omit<SmtpSettings, "username"> & { username?: string | null; password?: string | null }) | null;
  daily_limit?: number;
  time_zone?: string;
  send_window?: SendWindow | null;
  tracking?: boolean;
}

function secretOf(ctx: TenantCtx, field: string): string {
  const secret = configOf(ctx.env).email.secret;
  if (!secret)
    throw new ApiError("conflict", "EMAIL_SECRET is not configured on this deployment", [
      { field, code: "not_configured", message: "set the EMAIL_SECRET secret" },
    ]);
  return secret;
}

/** The from_email's domain when the account does not declare it (or no longer does), else null. */
export function undeclaredDomain(tenant: TenantCtx["tenant"], fromEmail: string): string | null {
  const domain = fromEmail.split("@").pop()!.toLowerCase();
  return tenant.sendingDomains.includes(domain) ? null : domain;
}

const declaredList = (tenant: TenantCtx["tenant"]) => tenant.sendingDomains.join(", ") || "none yet";

async function checkSender(ctx: TenantCtx, input: Partial<SenderInput>): Promise<void> {
  const undeclared = input.from_email === undefined ? null : undeclaredDomain(ctx.tenant, input.from_email);
  if (undeclared)
    throw ApiError.invalidField(
      "from_email",
      "domain_not_declared",
      `${undeclared} is not one of the account's sending domains (${declaredList(ctx.tenant)}); add it with PATCH /api/v1/account`,
    );
  // A name that does not resolve now is let through: the check before each connection refuses it then.
  const refusal = input.smtp ? await refuseSmtpServer(ctx, input.smtp) : null;
  if (refusal && !refusal.unresolved) throw ApiError.invalidField(refusal.field, refusal.code, refusal.message);
  if (input.time_zone !== undefined && !isTimeZone(input.time_zone))
    throw ApiError.invalidField("time_zone", "unknown_time_zone", `${input.time_zone} is not an IANA time zone such as Europe/Berlin`);
  if (input.send_window && minutesOf(input.send_window.start) >= minutesOf(input.send_window.end))
    throw ApiError.invalidField("send_window.end", "before_start", "the window must end after it starts (same local day)");
}

async function smtpColumns(
  ctx: TenantCtx,
  smtp: SenderInput["smtp"],
): Promise<Pick<Sender, "smtp"> & Partial<Pick<Sender, "smtpPassword">>> {
  if (!smtp) return { smtp: null, smtpPassword: null };
  const settings: SmtpSettings = { host: smtp.host, port: smtp.port, security: smtp.security, username: smtp.username ?? null };
  // A change that leaves the password out keeps the stored one: it is never shown, so it cannot be sent back.
  if (smtp.password === undefined) return { smtp: settings };
  return {
    smtp: settings,
    smtpPassword: smtp.password === null ? null : await seal(secretOf(ctx, "smtp.password"), SMTP_PASSWORD, smtp.password),
  };
}

export async function createSender(ctx: TenantCtx, input: SenderInput): Promise<Sender> {
  await checkSender(ctx, input);
  const at = ctx.now.toISOString();
  const sender: Sender = {
    id: crypto.randomUUID(),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    name: input.name,
    fromEmail: input.from_email.toLowerCase(),
    fromName: input.from_name ?? null,
    replyTo: input.reply_to ?? null,
    signature: input.signature ?? null,
    customPrompt: input.custom_prompt ?? null,
    transport: input.transport ?? "log",
    smtpPassword: null,
    ...(await smtpColumns(ctx, input.smtp)),
    dailyLimit: input.daily_limit ?? 200,
    timeZone: input.time_zone ?? "UTC",
    sendWindow: input.send_window ?? null,
    tracking: input.tracking ?? true,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.db.insert(senders).values(sender);
  return sender;
}

export const getSender = (ctx: TenantCtx, id: string) => findOwned(ctx, senders, id, "Sender");
export const deleteSender = (ctx: TenantCtx, id: string) => deleteOwned(ctx, senders, id, "Sender");
export const listSenders = (ctx: TenantCtx) => ctx.db.select().from(senders).where(ownedBy(senders, ctx)).orderBy(desc(senders.createdAt));

export async function updateSender(ctx: TenantCtx, id: string, change: Partial<SenderInput>): Promise<Sender> {
  await getSender(ctx, id);
  await checkSender(ctx, change);
  const set = (key: keyof SenderInput, column: keyof Sender, value = change[key]) => (value !== undefined ? { [column]: value } : {});
  const [updated] = await ctx.db
    .update(senders)
    .set({
      ...set("name", "name"),
      ...set("from_email", "fromEmail", change.from_email?.toLowerCase()),
      ...set("from_name", "fromName"),
      ...set("reply_to", "replyTo"),
      ...set("signature", "signature"),
      ...set("custom_prompt", "customPrompt"),
      ...set("transport", "transport"),
      ...(change.smtp !== undefined ? await smtpColumns(ctx, change.smtp) : {}),
      ...set("daily_limit", "dailyLimit"),
      ...set("time_zone", "timeZone"),
      ...set("send_window", "sendWindow"),
      ...set("tracking", "tracking"),
      updatedAt: ctx.now.toISOString(),
    })
    .where(and(ownedBy(senders, ctx), eq(senders.id, id)))
    .returning();
  return updated!;
}

/** What the sender still lacks before it can send (a declared domain, a ready transport), or null when it can. */
export function missingToSend(ctx: Pick<TenantCtx, "env" | "tenant">, sender: Sender): FieldIssue | null {
  const notReady = (field: string, message: string) => ({ field, code: "transport_not_ready", message });
  const undeclared = undeclaredDomain(ctx.tenant, sender.fromEmail);
  if (undeclared)
    return {
      field: "from_email",
      code: "domain_not_declared",
      message:
        `${undeclared} is no longer one of the account's sending domains (${declaredList(ctx.tenant)}); ` +
        "declare it again with PATCH /api/v1/account or change from_email",
    };
  if (sender.transport === "cloudflare" && !ctx.env.EMAIL)
    return notReady("transport", "the cloudflare transport needs the EMAIL send_email binding in wrangler.toml");
  if (sender.transport === "smtp") {
    if (!sender.smtp) return notReady("smtp", "the smtp transport needs smtp.host, smtp.port and smtp.security");
    if (sender.smtp.username && !sender.smtpPassword) return notReady("smtp.password", "smtp.username is set but no password is stored");
  }
  if (!configOf(ctx.env).email.secret) return notReady("transport", "EMAIL_SECRET is not configured on this deployment");
  return null;
}

/** The sender's transport, ready to send one message. */
export async function transportOf(ctx: TenantCtx, sender: Sender, messageId: string): Promise<Transport> {
  switch (sender.transport) {
    case "cloudflare":
      return cloudflareTransport(ctx.env.EMAIL);
    case "smtp": {
      const password = sender.smtpPassword ? await open(secretOf(ctx, "smtp.password"), SMTP_PASSWORD, sender.smtpPassword) : null;
      return smtpTransport(sender.smtp!, password, ctx);
    }
    case "log":
      return logTransport(ctx.db, ctx.tenant.id, messageId, ctx.now);
  }
}

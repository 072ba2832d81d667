import { WorkerMailer } from "worker-mailer";
import type { SmtpSettings } from "../../../db/json/email";
import type { OutboundCtx } from "../../../platform/guarded-fetch";
import { refuseSmtpServer } from "./smtp-server";
import { type OutgoingEmail, SendError, type Transport } from "./transport";

/**
 * Any SMTP server over `cloudflare:sockets`: TLS, STARTTLS or (local servers) plain, with AUTH when a
 * username is set. The server is checked against the outbound policy right before each connection,
 * not only when the sender was saved, so a name that now resolves to a private address is refused.
 */
export function smtpTransport(settings: SmtpSettings, password: string | null, outbound: OutboundCtx): Transport {
  const server = `smtp ${settings.host}:${settings.port}`;
  return {
    async send(email) {
      const refusal = await refuseSmtpServer(outbound, settings);
      if (refusal) throw new SendError(`${server}: ${refusal.field} ${refusal.message}`, refusal.unresolved ? "transient" : "permanent");
      const session = await openSession(settings, password, server);
      try {
        await session.send(mailerEmail(email));
      } catch (error) {
        // Not awaited: a server that stopped answering would hold the send for QUIT's timeout as well.
        void session.close();
        throw envelopeFailure(server, error);
      }
      await session.close();
      // SMTP gives no id of its own before delivery; the Message-ID we set is the one the server keeps.
      return { providerMessageId: email.headers["Message-ID"] ?? "" };
    },
  };
}

/** The email as worker-mailer takes it, for a session here and for the log transport's MIME. */
export const mailerEmail = (email: OutgoingEmail) => ({
  from: email.from,
  to: email.to,
  ...(email.replyTo ? { reply: email.replyTo } : {}),
  subject: email.subject,
  html: email.html,
  text: email.text,
  headers: { ...email.headers },
});

const textOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The class (4 or 5) of the server's reply quoted in worker-mailer's error, or null when it quotes none. */
function replyClass(message: string): 4 | 5 | null {
  const code = /(?:^|\s)([45])\d\d(?=[\s-]|$)/.exec(message)?.[1];
  return code === "5" ? 5 : code === "4" ? 4 : null;
}

/** Connect, greeting, EHLO, STARTTLS and AUTH: a failure here handed nothing over, so only a 5xx reply is final. */
async function openSession(settings: SmtpSettings, password: string | null, server: string): Promise<WorkerMailer> {
  try {
    return await WorkerMailer.connect({
      host: settings.host,
      port: settings.port,
      secure: settings.security === "tls",
      startTls: settings.security === "starttls",
      ...(settings.username
        ? { credentials: { username: settings.username, password: password ?? "" }, authType: ["plain", "login"] }
        : {}),
      socketTimeoutMs: 20_000,
      responseTimeoutMs: 20_000,
    });
  } catch (error) {
    const message = textOf(error);
    // worker-mailer refuses, before MAIL FROM, a server that wants AUTH from a sender with no username.
    if (/requires authentication/i.test(message))
      throw new SendError(`${server}: the server requires AUTH: set smtp.username and smtp.password`, "permanent");
    throw new SendError(`${server}: ${message}`, replyClass(message) === 5 ? "permanent" : "transient");
  }
}

/**
 * MAIL FROM, RCPT TO, DATA and the message itself. A reply says what the server decided: 5xx is
 * final, 4xx refused it for now. Without one (a timeout, a dropped connection) the server may have
 * taken the message: worker-mailer reports a stall the same way whichever command it waited on, so
 * one after the body cannot be told from one before DATA, and neither is retried.
 */
function envelopeFailure(server: string, error: unknown): SendError {
  const message = textOf(error);
  const reply = replyClass(message);
  return new SendError(`${server}: ${message}`, reply === 5 ? "permanent" : reply === 4 ? "transient" : "unknown");
}

import { WorkerMailer } from "worker-mailer";
import type { SmtpSettings } from "../../../db/json/email";
import { SendError, type Transport } from "./transport";

/** Any SMTP server over `cloudflare:sockets`: TLS, STARTTLS or (local servers) plain, with AUTH when a username is set. */
export function smtpTransport(settings: SmtpSettings, password: string | null): Transport {
  return {
    async send(email) {
      try {
        await WorkerMailer.send(
          {
            host: settings.host,
            port: settings.port,
            secure: settings.security === "tls",
            startTls: settings.security === "starttls",
            ...(settings.username
              ? { credentials: { username: settings.username, password: password ?? "" }, authType: ["plain", "login"] }
              : {}),
            socketTimeoutMs: 20_000,
            responseTimeoutMs: 20_000,
          },
          {
            from: email.from,
            to: email.to,
            ...(email.replyTo ? { reply: email.replyTo } : {}),
            subject: email.subject,
            html: email.html,
            text: email.text,
            headers: email.headers,
          },
        );
        // SMTP gives no id of its own before delivery; the Message-ID we set is the one the server keeps.
        return { providerMessageId: email.headers["Message-ID"] ?? "" };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // A 5xx reply is the server's final word; timeouts, 4xx and dropped connections are worth a retry.
        // worker-mailer refuses, before MAIL FROM, a server that wants AUTH from a sender with no username.
        if (/requires authentication/i.test(message))
          throw new SendError(
            `smtp ${settings.host}:${settings.port}: the server requires AUTH: set smtp.username and smtp.password`,
            true,
          );
        throw new SendError(`smtp ${settings.host}:${settings.port}: ${message}`, /\b5\d\d\b/.test(message) && !/\b4\d\d\b/.test(message));
      }
    },
  };
}

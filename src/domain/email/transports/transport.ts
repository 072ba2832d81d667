// One small interface for every way an email leaves: the send_email binding, SMTP, or the log.

export interface OutgoingEmail {
  from: { email: string; name: string };
  to: string;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
  /** Message-ID, List-Unsubscribe and the like, exactly as they go out. */
  headers: Record<string, string>;
}

export interface Transport {
  /** Hands the email over; answers the provider's id for it. Throws SendError when it did not go, or may not have. */
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

/**
 * How a send that threw ended: `transient`, nothing was handed over and a retry may pass; `permanent`,
 * trying again cannot help (a refused address, bad credentials); `unknown`, the server may have kept
 * the email (the connection failed after the message went, before the server's answer).
 */
export type SendFailure = "transient" | "permanent" | "unknown";

/** The email was not accepted, or (`unknown`) may have been. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly failure: SendFailure,
  ) {
    super(message);
    this.name = "SendError";
  }
}

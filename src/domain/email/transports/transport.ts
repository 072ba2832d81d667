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
  /** Hands the email over; answers the provider's id for it. Throws SendError when it did not go. */
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

/** The email was not accepted. `permanent`: trying again cannot help (a refused address, bad credentials). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "SendError";
  }
}

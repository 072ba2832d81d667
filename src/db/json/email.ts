// Shapes of the email tables' JSON columns.

/** When a sender may send, in its own time zone: ISO weekdays (1 = Monday … 7 = Sunday) and "HH:MM" bounds. */
export interface SendWindow {
  days: number[];
  start: string;
  end: string;
}

/** How the `smtp` transport reaches its server. The password is kept apart, encrypted. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (465); `starttls`: upgrade after EHLO (587); `none`: plain (local servers only). */
  security: "tls" | "starttls" | "none";
  username: string | null;
}

/** What an email event adds to its kind: the link clicked, a bounce's status, a reply's text. */
export interface MessageEventData {
  url?: string;
  /** Clicks: which of the message's links. */
  link?: number;
  status_code?: string;
  reason?: string;
  text?: string;
  /** Replies: an automatic answer (an out-of-office), recorded but not counted as engagement. */
  auto_reply?: boolean;
  from?: string;
  provider_message_id?: string;
}

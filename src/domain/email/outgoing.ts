import type { Message, Sender } from "../../db/schema";
import { signToken } from "./tracking-tokens";
import type { OutgoingEmail } from "./transports/transport";

/** Where replies to a message come back to Leadedge: `r+<token>@<inbound domain>`, naming the message. */
export async function replyAddress(secret: string, inboundDomain: string, messageId: string): Promise<string> {
  return `r+${await signToken(secret, { kind: "r", messageId, link: null })}@${inboundDomain}`;
}

/**
 * A queued message as its transport sends it, with the headers every marketing email carries.
 * Replies go to the sender's reply_to when it has one, else back to Leadedge's inbound domain.
 */
export async function outgoingEmail(
  message: Message,
  sender: Sender,
  email: { secret: string; inboundDomain: string | null },
): Promise<OutgoingEmail> {
  const unsubscribe = `${message.publicUrl}/t/u/${await signToken(email.secret, { kind: "u", messageId: message.id, link: null })}`;
  const replyTo = sender.replyTo ?? (email.inboundDomain ? await replyAddress(email.secret, email.inboundDomain, message.id) : null);
  return {
    from: { email: sender.fromEmail, name: (sender.fromName ?? sender.name).replace(/[\r\n]+/g, " ") },
    to: message.toEmail,
    replyTo,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: {
      "Message-ID": `<${message.messageIdHeader}>`,
      // RFC 8058: mail clients show their own unsubscribe button and POST to it, one click.
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

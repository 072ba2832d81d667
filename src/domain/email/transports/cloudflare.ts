import { SendError, type Transport } from "./transport";

/** Cloudflare Email Service through the `send_email` binding. */
export function cloudflareTransport(binding: SendEmail): Transport {
  return {
    async send(email) {
      try {
        const { messageId } = await binding.send({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        });
        return { providerMessageId: messageId };
      } catch (error) {
        // The binding refuses what can never go (an unverified sender domain, a malformed address)
        // synchronously with a message saying so; anything else may pass on a retry.
        const message = error instanceof Error ? error.message : String(error);
        throw new SendError(
          `send_email: ${message}`,
          /not (allowed|verified)|invalid|malformed/i.test(message) ? "permanent" : "transient",
        );
      }
    },
  };
}

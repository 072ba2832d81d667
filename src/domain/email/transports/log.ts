import { Email } from "worker-mailer";
import type { Database } from "../../../db/database";
import { emailLog } from "../../../db/schema";
import { mailerEmail } from "./smtp";
import type { Transport } from "./transport";

/** Writes the MIME it would send to D1 (tests, demos, dry runs); nothing leaves. */
export function logTransport(db: Database, tenantId: string, messageId: string, now: Date): Transport {
  return {
    async send(email) {
      const raw = new Email(mailerEmail(email)).getEmailData();
      await db.insert(emailLog).values({ messageId, tenantId, raw, createdAt: now.toISOString() }).onConflictDoNothing();
      return { providerMessageId: `log:${messageId}` };
    },
  };
}

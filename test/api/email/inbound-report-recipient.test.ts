import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../../src/index";
import arfComplaint from "../../fixtures/email/arf-complaint.eml?raw";
import postfixDsn from "../../fixtures/email/postfix-dsn.eml?raw";
import { incomingMail, sentMessage } from "../../support/email";

const INBOUND_DOMAIN = "inbound.leadedge.test";

/** Hands `fixture` (with the sent message's Message-ID filled in) to the email() handler, as mail to `to`. */
async function report(fixture: string, to: string, header: string) {
  const { message, handled } = incomingMail(fixture, { from: "", to: `${to}@${INBOUND_DOMAIN}` }, { MESSAGE_ID_HEADER: header });
  const execution = createExecutionContext();
  await worker.email!(message, { ...env, EMAIL_INBOUND_DOMAIN: INBOUND_DOMAIN } as Env, execution);
  await waitOnExecutionContext(execution);
  return handled;
}

const rows = async (sql: string, ...values: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...values)
      .all<any>()
  ).results;
const suppressions = (tenantId: string) => rows("SELECT email, reason, message_id FROM suppressions WHERE tenant_id = ?", tenantId);
const messageStatus = async (id: string) => (await rows("SELECT status FROM messages WHERE id = ?", id))[0].status;

const withoutField = (fixture: string, field: RegExp) => fixture.replace(field, "");
const ORIGINAL_RCPT_TO = /^Original-Rcpt-To:.*\r?\n/m;
const RETURNED_TO = /^To: jane@globex\.example\r?\n/m;

describe("email() handler: a report found by Message-ID must name the message's recipient", () => {
  it("does not take a bounce without Final-Recipient: rejected, nothing suppressed", async () => {
    const sent = await sentMessage("nobody@globex.example");
    const dsn = withoutField(withoutField(postfixDsn, /^Final-Recipient:.*\r?\n/m), /^Original-Recipient:.*\r?\n/m);

    const handled = await report(dsn, "bounces", sent.header);

    expect(handled.rejected).toEqual(["No Leadedge message matches this mail: bounced mail that names none of our messages"]);
    expect(await messageStatus(sent.id)).toBe("sent");
    expect(await suppressions(sent.tenantId)).toEqual([]);
  });

  it("does not take a complaint that names no recipient (no Original-Rcpt-To, no To: in the returned message)", async () => {
    const sent = await sentMessage("jane@globex.example");
    const forged = withoutField(withoutField(arfComplaint, ORIGINAL_RCPT_TO), RETURNED_TO);

    const handled = await report(forged, "fbl", sent.header);

    expect(handled.rejected).toEqual(["No Leadedge message matches this mail: complained mail that names none of our messages"]);
    expect(await messageStatus(sent.id)).toBe("sent");
    expect(await suppressions(sent.tenantId)).toEqual([]);
  });

  it("does not take a complaint whose Original-Rcpt-To is another address than the message's recipient", async () => {
    const sent = await sentMessage("jane@globex.example");
    const forged = arfComplaint.replace(ORIGINAL_RCPT_TO, "Original-Rcpt-To: <someone@initech.example>\n");

    const handled = await report(forged, "fbl", sent.header);

    expect(handled.rejected).toEqual(["No Leadedge message matches this mail: complained mail that names none of our messages"]);
    expect(await suppressions(sent.tenantId)).toEqual([]);
  });

  it("takes a complaint without Original-Rcpt-To whose returned message is To: the recipient", async () => {
    const sent = await sentMessage("jane@globex.example");

    const handled = await report(withoutField(arfComplaint, ORIGINAL_RCPT_TO), "fbl", sent.header);

    expect(handled).toEqual({ rejected: [], forwarded: [] });
    expect(await messageStatus(sent.id)).toBe("complained");
    expect(await suppressions(sent.tenantId)).toEqual([{ email: "jane@globex.example", reason: "complained", message_id: sent.id }]);
  });
});

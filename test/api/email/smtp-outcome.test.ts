import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WorkerMailer } from "worker-mailer";
import { runBatch } from "../../../src/db/bulk";
import { backgroundCtx, type TenantCtx } from "../../../src/domain/context";
import { deliver } from "../../../src/domain/email/delivery";
import { prepareMessage, recipientLead } from "../../../src/domain/email/messages";
import { getSender } from "../../../src/domain/email/senders";
import { actingFor } from "../../../src/domain/tenancy/tenants";
import { createLead, createSender } from "../../support/email";
import { createTenant } from "../../support/http";

// The SMTP server is faked where worker-mailer's session begins (WorkerMailer.connect): its socket
// comes from `cloudflare:sockets`, which this pool cannot fake, so each session below answers with
// the exact error text worker-mailer throws at that point of the conversation.

/** What one session does: fail to open (`connect`), refuse the envelope with a reply, or take the body and then go silent (`after`). */
type Session = { connect?: string; reply?: string; after?: string };

/** A fake server playing `sessions` in turn (the last one again after); `received` holds every email whose body it took. */
function smtpServer(sessions: Session[]) {
  const server = { opened: 0, received: [] as unknown[] };
  vi.spyOn(WorkerMailer, "connect").mockImplementation(async () => {
    const session = sessions[Math.min(server.opened++, sessions.length - 1)]!;
    if (session.connect) throw new Error(session.connect);
    const mailer = {
      async send(email: unknown) {
        if (session.reply) throw new Error(session.reply);
        server.received.push(email);
        if (session.after) throw new Error(session.after);
      },
      async close() {},
    };
    return mailer as unknown as WorkerMailer;
  });
  return server;
}

const SMTP = { host: "smtp.relay.example", port: 587, security: "starttls" };
const TIMEOUT = "Timeout while waiting for smtp server response";

const rowOf = (id: string) => env.DB.prepare("SELECT status, attempts, error FROM messages WHERE id = ?").bind(id).first<any>();

/** Messages queued through an smtp sender, not handed to a Workflow: the test drives `deliver`. */
async function queued(n = 1) {
  const t = await createTenant();
  const senderJson = await createSender(t.liveKey, { transport: "smtp", smtp: SMTP });
  const ctx: TenantCtx = await actingFor(
    backgroundCtx(env, () => {}),
    { tenantId: t.id, testMode: false },
  );
  const sender = await getSender(ctx, senderJson.id);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const lead = await recipientLead(ctx, await createLead(t.liveKey, { first_name: `P${i}`, email: `p${i}-${t.id}@globex.example` }));
    const { message, statements } = await prepareMessage(ctx, sender, lead, { subject: "Hi", text: "Hello" }, "https://leads.acme.example");
    await runBatch(ctx.db, statements);
    ids.push(message.id);
  }
  return { ctx, ids, senderId: sender.id };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the smtp transport's outcome", () => {
  it("fails a send whose connection went silent after the body, outcome unknown, and never hands it over again", async () => {
    const server = smtpServer([{ after: TIMEOUT }, {}]);
    const { ctx, ids } = await queued();
    const [id] = ids as [string];
    expect(await deliver(ctx, id)).toEqual({ status: "failed" });
    expect(await rowOf(id)).toEqual({
      status: "failed",
      attempts: 0,
      error: `outcome unknown: smtp smtp.relay.example:587: ${TIMEOUT}; not sent again, so it cannot arrive twice`,
    });
    expect(await deliver(ctx, id)).toEqual({ status: "failed" });
    expect(server.received).toHaveLength(1);
    const events = await env.DB.prepare("SELECT type FROM message_events WHERE message_id = ?").bind(id).all();
    expect(events.results).toEqual([{ type: "failed" }]);
  });

  it("retries what handed nothing over (a session that did not open, a 4xx to the body) and fails a 5xx at once", async () => {
    const server = smtpServer([{ connect: TIMEOUT }, { reply: "Failed send email body: 451 4.3.0 try again later\r\n" }, {}]);
    const { ctx, ids } = await queued(2);
    const [first, second] = ids as [string, string];
    await expect(deliver(ctx, first)).rejects.toThrow(TIMEOUT);
    expect(await rowOf(first)).toMatchObject({ status: "queued", attempts: 1 });
    await expect(deliver(ctx, first)).rejects.toThrow("451 4.3.0");
    expect(await rowOf(first)).toMatchObject({ status: "queued", attempts: 2 });
    expect(await deliver(ctx, first)).toEqual({ status: "sent" });
    expect(server.received).toHaveLength(1);

    vi.restoreAllMocks();
    smtpServer([{ reply: "Invalid RCPT TO: <p1@globex.example> 550 5.1.1 no such user\r\n" }]);
    expect(await deliver(ctx, second)).toEqual({ status: "failed" });
    expect((await rowOf(second)).error).toBe(
      "smtp smtp.relay.example:587: Invalid RCPT TO: <p1@globex.example> 550 5.1.1 no such user\r\n",
    );
  });

  it("checks the server against the outbound policy before each connection, so a host saved or resolving private opens none", async () => {
    const server = smtpServer([{}]);
    const { ctx, ids, senderId } = await queued(2);
    const [first, second] = ids as [string, string];
    const pointAt = (smtp: object) => env.DB.prepare("UPDATE senders SET smtp = ? WHERE id = ?").bind(JSON.stringify(smtp), senderId).run();

    await pointAt({ host: "169.254.169.254", port: 80, security: "none", username: null });
    expect(await deliver(ctx, first)).toEqual({ status: "failed" });
    expect((await rowOf(first)).error).toBe(
      "smtp 169.254.169.254:80: smtp.host 169.254.169.254 is a private, loopback or link-local address",
    );
    // A name that resolved to a public address when it was saved and to loopback now (DNS rebinding).
    await pointAt({ host: "mail.loopback.test", port: 25, security: "starttls", username: null });
    expect(await deliver(ctx, second)).toEqual({ status: "failed" });
    expect((await rowOf(second)).error).toBe("smtp mail.loopback.test:25: smtp.host mail.loopback.test resolves to a private address");
    expect(server.opened).toBe(0);
  });
});

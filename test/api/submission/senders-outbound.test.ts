import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runBatch } from "../../../src/db/bulk";
import { backgroundCtx } from "../../../src/domain/context";
import { planDelivery } from "../../../src/domain/email/delivery";
import { prepareMessage, recipientLead } from "../../../src/domain/email/messages";
import { getSender } from "../../../src/domain/email/senders";
import { actingFor } from "../../../src/domain/tenancy/tenants";
import { createLead, createSender } from "../../support/email";
import { call, createTenant, fetchWith } from "../../support/http";

const METADATA = { host: "169.254.169.254", port: 80, security: "none" };

describe("/api/v1/senders and the outbound policy", () => {
  it("refuses an SMTP host that is or resolves to a private address, naming smtp.host, unless the deployment allows them", async () => {
    const t = await createTenant();
    const existing = await createSender(t.liveKey);
    const post = (smtp: object) =>
      call("/api/v1/senders", { key: t.liveKey, body: { name: "M", from_email: "m@acme.example", transport: "smtp", smtp } });

    const metadata = await post(METADATA);
    expect(metadata.status).toBe(400);
    expect(metadata.json.error.details).toEqual([
      { field: "smtp.host", code: "unsafe_host", message: "169.254.169.254 is a private, loopback or link-local address" },
    ]);
    expect((await post({ host: "localhost", port: 25, security: "none" })).json.error.details[0]).toMatchObject({ field: "smtp.host" });
    expect((await post({ host: "mail.loopback.test", port: 25, security: "starttls" })).json.error.details).toEqual([
      { field: "smtp.host", code: "unsafe_host", message: "mail.loopback.test resolves to a private address" },
    ]);
    const patched = await call(`/api/v1/senders/${existing.id}`, { key: t.liveKey, method: "PATCH", body: { smtp: METADATA } });
    expect(patched.status).toBe(400);
    expect(patched.json.error.details[0]).toMatchObject({ field: "smtp.host", code: "unsafe_host" });
    expect((await call(`/api/v1/senders/${existing.id}`, { key: t.liveKey })).json.smtp).toBeNull();

    // Local development (ALLOW_PRIVATE_WEBHOOKS=true) sends to a server on loopback, in plain text.
    const local = await fetchWith({ ALLOW_PRIVATE_WEBHOOKS: "true" } as Partial<Env>, "/api/v1/senders", t.liveKey, {
      name: "Local",
      from_email: "m@acme.example",
      transport: "smtp",
      smtp: { host: "127.0.0.1", port: 1025, security: "none" },
    });
    expect(local.status).toBe(201);
  });

  it("refuses plain SMTP in production, naming smtp.security", async () => {
    const t = await createTenant();
    await createSender(t.liveKey);
    const post = (security: string) =>
      fetchWith({ ENVIRONMENT: "production" } as Partial<Env>, "/api/v1/senders", t.liveKey, {
        name: "M",
        from_email: "m@acme.example",
        transport: "smtp",
        smtp: { host: "smtp.relay.example", port: 587, security },
      });
    const plain = await post("none");
    expect(plain.status).toBe(400);
    expect(plain.json.error.details).toEqual([
      {
        field: "smtp.security",
        code: "plain_text_refused",
        message: "none would send the password and every email unencrypted; this deployment requires tls or starttls",
      },
    ]);
    expect((await post("starttls")).status).toBe(201);
  });

  it("stops a sender whose domain the account no longer declares: a send is a 409 naming from_email, a queued message fails", async () => {
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const leadId = await createLead(t.liveKey, { first_name: "Pat", email: `pat-${t.id}@globex.example` });
    const before = await actingFor(
      backgroundCtx(env, () => {}),
      { tenantId: t.id, testMode: false },
    );
    const { message, statements } = await prepareMessage(
      before,
      await getSender(before, sender.id),
      await recipientLead(before, leadId),
      { subject: "Hi", text: "Hello" },
      "https://leads.acme.example",
    );
    await runBatch(before.db, statements);

    const account = await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["other.example"] } });
    expect(account.status).toBe(200);
    const send = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: sender.id, lead_id: leadId, subject: "Hi", text: "Hello" },
    });
    expect(send.status).toBe(409);
    expect(send.json.error.details).toEqual([
      {
        field: "from_email",
        code: "domain_not_declared",
        message:
          "acme.example is no longer one of the account's sending domains (other.example); declare it again with PATCH /api/v1/account or change from_email",
      },
    ]);

    const after = await actingFor(
      backgroundCtx(env, () => {}),
      { tenantId: t.id, testMode: false },
    );
    expect(await planDelivery(after, message.id)).toEqual({ kind: "done", status: "failed" });
    const row = await env.DB.prepare("SELECT status, error FROM messages WHERE id = ?").bind(message.id).first();
    expect(row).toEqual({
      status: "failed",
      error: "not sent: acme.example, the sender's from_email domain, is no longer one of the account's sending domains",
    });
  });
});

import { introspectWorkflow } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { count } from "../../support/db";
import { createLead, createSender } from "../../support/email";
import { call, createTenant, type TestTenant } from "../../support/http";
import { received, settled } from "../../support/workflows";

const LINK = "https://acme.example/pricing?plan=pro";

const PRICING_HTML = { html: `<p>Hi {{lead.first_name}}, <a href="${LINK}">our prices</a>.</p>` };

async function sentMessage(
  t: TestTenant,
  senderBody: Record<string, unknown> = {},
  content: { html?: string; text?: string } = PRICING_HTML,
) {
  await using sends = await introspectWorkflow(env.EMAIL_SEND);
  const sender = await createSender(t.liveKey, senderBody);
  const leadId = await createLead(t.liveKey, { first_name: "Jane", email: `jane-${t.id}@globex.example` });
  const res = await call("/api/v1/messages", {
    key: t.liveKey,
    body: {
      sender_id: sender.id,
      lead_id: leadId,
      subject: "Pricing",
      ...content,
    },
  });
  expect(res.status).toBe(202);
  expect(await settled(sends)).toEqual([{ status: "sent" }]);
  return { sender, leadId, message: res.json };
}

/** A request to a public tracking path, as a mail client or browser sends it. */
const visit = (url: string, init: RequestInit = {}) => exports.default.fetch(new Request(url, { redirect: "manual", ...init }));
const pathIn = (html: string, kind: "o" | "c" | "u") => html.match(new RegExp(`http://leadedge\\.test/t/${kind}/[a-z0-9_.]+`))![0];
const messageOf = async (t: TestTenant, id: string) => (await call(`/api/v1/messages/${id}`, { key: t.liveKey })).json;

describe("email tracking", () => {
  it("records the first open once, counts later ones, raises engagement and tells webhooks; a forged pixel records nothing", async () => {
    const t = await createTenant();
    const { message, leadId } = await sentMessage(t);
    const pixel = pathIn(message.html, "o");
    // A mail client fetching the pixel three times at once: one open recorded, three counted.
    const fetched = await Promise.all([1, 2, 3].map(() => visit(pixel)));
    for (const res of fetched) {
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("image/gif");
      expect((await res.arrayBuffer()).byteLength).toBe(42);
    }
    // Opens are recorded from the job queue.
    await vi.waitFor(async () => expect((await messageOf(t, message.id)).open_count).toBe(3), { timeout: 10_000, interval: 100 });
    const opened = await messageOf(t, message.id);
    expect(opened.first_opened_at).toEqual(expect.any(String));
    expect(opened.events.map((e: { type: string }) => e.type)).toEqual(["sent", "opened"]);
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'email.opened'", t.id)).toBe(1);
    const scored = await call(`/v1/leads/${leadId}`, { key: t.liveKey });
    expect(scored.json.data.lead_data.engagement_score).toBe(5);
    // Never scored, so the history has no score to show beside the change: the timeline has it.
    expect(
      await count("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ? AND lead_id = ? AND type = 'engagement_increased'", t.id, leadId),
    ).toBe(1);

    const forged = `${pixel.slice(0, -1)}${pixel.endsWith("0") ? "1" : "0"}`;
    expect((await visit(forged)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect((await messageOf(t, message.id)).open_count).toBe(3);
  });

  it("redirects a click only to the message's own link, records it with the URL once and counts every click", async () => {
    const t = await createTenant();
    const { message } = await sentMessage(t);
    const click = pathIn(message.html, "c");
    for (let i = 0; i < 2; i++) {
      const res = await visit(click);
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(LINK);
    }
    const clicked = await messageOf(t, message.id);
    expect(clicked).toMatchObject({ click_count: 2, first_clicked_at: expect.any(String), first_opened_at: expect.any(String) });
    expect(clicked.events.filter((e: { type: string }) => e.type === "clicked")).toEqual([expect.objectContaining({ url: LINK, link: 0 })]);
    // Another link index under the same signature, or another message's id, is not ours.
    const otherLink = click.replace(/\.0\.([0-9a-f]{24})$/, ".1.$1");
    expect((await visit(otherLink)).status).toBe(404);
    expect((await visit(click.replace("/t/c/c.msg_", "/t/c/c.msg_0"))).status).toBe(404);
  });

  it("redirects to a link with several query parameters as written, from a text body and from HTML that escapes its &", async () => {
    const link = "https://acme.example/d?utm_source=mail&utm_medium=email&q=a%20b";
    for (const content of [{ text: `See ${link} today.` }, { html: `<p><a href="${link.replaceAll("&", "&amp;")}">Read</a></p>` }]) {
      const { message } = await sentMessage(await createTenant(), {}, content);
      const res = await visit(pathIn(message.html, "c"));
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(link);
    }
  });

  it("unsubscribes from the page's button and from a mail client's RFC 8058 one-click POST; the address is then suppressed", async () => {
    const t = await createTenant();
    const { message, sender, leadId } = await sentMessage(t);
    const unsubscribe = pathIn(message.text, "u");
    const page = await visit(unsubscribe);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(message.to);
    expect(html).toContain('<form method="post"');
    expect(await count("SELECT COUNT(*) n FROM suppressions WHERE tenant_id = ?", t.id)).toBe(0);

    const oneClick = await visit(unsubscribe, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect((await visit(unsubscribe, { method: "POST" })).status).toBe(200);
    const list = await call("/api/v1/suppressions", { key: t.liveKey });
    expect(list.json.suppressions).toEqual([
      { email: message.to, reason: "unsubscribed", message_id: message.id, created_at: expect.any(String) },
    ]);
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead.unsubscribed'", t.id)).toBe(1);

    const again = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: sender.id, lead_id: leadId, subject: "Again", text: "Hello" },
    });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ status: "suppressed", error: `${message.to} is on the suppression list` });
    expect(await count("SELECT COUNT(*) n FROM email_outbox WHERE message_id = ?", again.json.id)).toBe(0);
  });

  it("leaves links and the pixel out when the sender switches tracking off, but never the unsubscribe link", async () => {
    const t = await createTenant();
    const { message } = await sentMessage(t, { tracking: false });
    expect(message.html).toContain(`href="${LINK}"`);
    expect(message.html).not.toContain("/t/o/");
    expect(message.html).toContain("/t/u/");
    expect(message.text).toContain("Unsubscribe: http://leadedge.test/t/u/");
  });
});

describe("email webhooks", () => {
  it("deliver email.sent and email.clicked, signed, to an endpoint subscribed to them", async () => {
    await using deliveries = await introspectWorkflow(env.WEBHOOK_DELIVERY);
    await deliveries.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const inbox = crypto.randomUUID();
    const endpoint = (
      await call("/api/v1/webhooks", {
        key: t.liveKey,
        body: { url: `https://receiver.test/ok/${inbox}`, events: ["email.sent", "email.clicked"] },
      })
    ).json;
    await fetch(`https://receiver.test/configure/${inbox}`, { method: "POST", body: JSON.stringify({ secret: endpoint.secret }) });
    const { message, leadId } = await sentMessage(t);
    expect((await visit(pathIn(message.html, "c"))).status).toBe(302);
    await settled(deliveries, 2);
    const bodies = (await received(inbox)).map((d: { standardwebhooks_verified: boolean; body: string }) => {
      expect(d.standardwebhooks_verified).toBe(true);
      return JSON.parse(d.body);
    });
    expect(bodies.map((b: { event: string }) => b.event).sort()).toEqual(["email.clicked", "email.sent"]);
    expect(bodies.find((b: { event: string }) => b.event === "email.clicked")).toMatchObject({
      data: { message_id: message.id, lead_id: leadId, url: LINK, to: message.to, subject: "Pricing" },
    });
  });
});

describe("/api/v1/suppressions", () => {
  it("adds, lists, filters and removes addresses, and a removed one may be emailed again", async () => {
    const t = await createTenant();
    const added = await call("/api/v1/suppressions", { key: t.liveKey, body: { email: "Ops@Globex.example" } });
    expect(added.status).toBe(201);
    expect(added.json).toEqual({ email: "ops@globex.example", reason: "manual", message_id: null, created_at: expect.any(String) });
    expect((await call("/api/v1/suppressions", { key: t.liveKey, body: { email: "ops@globex.example" } })).status).toBe(201);
    expect((await call("/api/v1/suppressions?reason=bounced", { key: t.liveKey })).json.suppressions).toEqual([]);
    expect((await call("/api/v1/suppressions", { key: t.testKey })).json.suppressions).toEqual([]);
    expect((await call("/api/v1/suppressions/ops@globex.example", { key: t.liveKey, method: "DELETE" })).json).toEqual({
      email: "ops@globex.example",
      deleted: true,
    });
    expect((await call("/api/v1/suppressions/ops@globex.example", { key: t.liveKey, method: "DELETE" })).status).toBe(404);
    expect((await call("/api/v1/suppressions", { key: t.liveKey, body: { email: "not-an-email" } })).json.error.details[0].field).toBe(
      "email",
    );
  });
});

import { introspectWorkflow } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { count } from "../../support/db";
import { createLead, createSender } from "../../support/email";
import { call, createTenant, type TestTenant } from "../../support/http";
import { settled } from "../../support/workflows";

const LINK = "https://acme.example/pricing?plan=pro";
const PRICING_HTML = { html: `<p>Hi {{lead.first_name}}, <a href="${LINK}">our prices</a>.</p>` };

async function sentMessage(t: TestTenant, content: { html: string } = PRICING_HTML) {
  await using sends = await introspectWorkflow(env.EMAIL_SEND);
  const sender = await createSender(t.liveKey);
  const leadId = await createLead(t.liveKey, { first_name: "Jane", email: `jane-${t.id}@globex.example` });
  const res = await call("/api/v1/messages", {
    key: t.liveKey,
    body: { sender_id: sender.id, lead_id: leadId, subject: "Pricing", ...content },
  });
  expect(res.status).toBe(202);
  expect(await settled(sends)).toEqual([{ status: "sent" }]);
  return { leadId, message: res.json };
}

/** A message to an address on the suppression list: written with its tokens, never sent. */
async function suppressedMessage(t: TestTenant) {
  const sender = await createSender(t.liveKey);
  const email = `joe-${t.id}@globex.example`;
  const leadId = await createLead(t.liveKey, { first_name: "Joe", email });
  expect((await call("/api/v1/suppressions", { key: t.liveKey, body: { email } })).status).toBe(201);
  const res = await call("/api/v1/messages", {
    key: t.liveKey,
    body: { sender_id: sender.id, lead_id: leadId, subject: "P", ...PRICING_HTML },
  });
  expect(res.json).toMatchObject({ status: "suppressed", sent_at: null });
  return { leadId, message: res.json };
}

/** A request to a public tracking path, as a mail client, a browser or a link scanner sends it. */
const visit = (url: string, init: RequestInit = {}) => exports.default.fetch(new Request(url, { redirect: "manual", ...init }));
const pathIn = (html: string, kind: "o" | "c") => html.match(new RegExp(`http://leadedge\\.test/t/${kind}/[a-z0-9_.]+`))![0];
const messageOf = async (t: TestTenant, id: string) => (await call(`/api/v1/messages/${id}`, { key: t.liveKey })).json;
const eventTypes = async (t: TestTenant, id: string) => (await messageOf(t, id)).events.map((e: { type: string }) => e.type);
const webhooksAbout = (t: TestTenant, id: string) =>
  count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND json_extract(payload, '$.data.message_id') = ?", t.id, id);
const engagementEvents = (t: TestTenant, leadId: string) =>
  count("SELECT COUNT(*) n FROM lead_events WHERE tenant_id = ? AND lead_id = ? AND type = 'engagement_increased'", t.id, leadId);

async function expectGif(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("image/gif");
  expect((await res.arrayBuffer()).byteLength).toBe(42);
}

/** Opens are recorded from the job queue: waits for `open_count` to reach `n`, then a little longer for any late job. */
async function settledOpens(t: TestTenant, id: string, n: number) {
  await vi.waitFor(async () => expect((await messageOf(t, id)).open_count).toBe(n), { timeout: 10_000, interval: 100 });
  await new Promise((r) => setTimeout(r, 300));
}

describe("email tracking: what is not engagement", () => {
  it("answers a HEAD on a click link and on the pixel as GET does, recording nothing; GET still records", async () => {
    const t = await createTenant();
    const { message, leadId } = await sentMessage(t);
    const click = pathIn(message.html, "c");
    const pixel = pathIn(message.html, "o");
    const probe = await visit(click, { method: "HEAD" });
    expect(probe.status).toBe(302);
    expect(probe.headers.get("Location")).toBe(LINK);
    const pixelProbe = await visit(pixel, { method: "HEAD" });
    expect(pixelProbe.status).toBe(200);
    expect(pixelProbe.headers.get("Content-Type")).toBe("image/gif");
    expect(await messageOf(t, message.id)).toMatchObject({ click_count: 0, open_count: 0, first_clicked_at: null });
    expect(await webhooksAbout(t, message.id)).toBe(1); // email.sent only
    expect(await engagementEvents(t, leadId)).toBe(0);

    // The HEAD queued no open: after one GET of the pixel, one open is all there is.
    await expectGif(await visit(pixel));
    await settledOpens(t, message.id, 1);
    expect(await messageOf(t, message.id)).toMatchObject({ open_count: 1, click_count: 0 });
    expect((await visit(click)).status).toBe(302);
    expect(await messageOf(t, message.id)).toMatchObject({ open_count: 1, click_count: 1 });
    expect(await eventTypes(t, message.id)).toEqual(["sent", "opened", "clicked"]);
  });

  it("redirects a click and answers the pixel of a message never sent (suppressed), recording nothing", async () => {
    const t = await createTenant();
    const { message, leadId } = await suppressedMessage(t);
    const res = await visit(pathIn(message.html, "c"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(LINK);
    await expectGif(await visit(pathIn(message.html, "o")));
    // A sent message's open queued after it: once that is recorded, the suppressed one's job has run too.
    const sent = await sentMessage(t);
    await visit(pathIn(sent.message.html, "o"));
    await settledOpens(t, sent.message.id, 1);

    expect(await messageOf(t, message.id)).toMatchObject({ click_count: 0, open_count: 0, first_opened_at: null, sent_at: null });
    expect(await eventTypes(t, message.id)).toEqual(["suppressed"]);
    expect(await webhooksAbout(t, message.id)).toBe(0);
    expect(await engagementEvents(t, leadId)).toBe(0);
    expect((await call(`/v1/leads/${leadId}`, { key: t.liveKey })).json.data.lead_data.engagement_score ?? 0).toBe(0);
  });

  it("records a click of a message whose delivery outcome is unknown (it may have arrived), not of one that failed before going", async () => {
    const t = await createTenant();
    const fail = (id: string, error: string) =>
      env.DB.prepare("UPDATE messages SET status = 'failed', sent_at = NULL, error = ? WHERE id = ?").bind(error, id).run();
    const unknown = (await sentMessage(t)).message;
    await fail(unknown.id, "outcome unknown: an earlier attempt stopped after handing the email to the transport");
    expect((await visit(pathIn(unknown.html, "c"))).status).toBe(302);
    expect((await messageOf(t, unknown.id)).click_count).toBe(1);

    const other = await createTenant();
    const refused = (await sentMessage(other)).message;
    await fail(refused.id, "550 mailbox unavailable");
    expect((await visit(pathIn(refused.html, "c"))).status).toBe(302);
    expect((await messageOf(other, refused.id)).click_count).toBe(0);
    expect(await eventTypes(other, refused.id)).toEqual(["sent"]);
  });

  it("redirects a link whose href holds an encoded tab or line break to the URL a browser follows", async () => {
    const t = await createTenant();
    const { message } = await sentMessage(t, { html: `<p><a href="https://acme.example/a&#10;b&#9;c?q=1">x</a></p>` });
    const res = await visit(pathIn(message.html, "c"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("https://acme.example/abc?q=1");
    const clicked = await messageOf(t, message.id);
    expect(clicked.click_count).toBe(1);
    expect(clicked.events.filter((e: { type: string }) => e.type === "clicked")).toEqual([
      expect.objectContaining({ url: "https://acme.example/abc?q=1" }),
    ]);
  });

  it("answers the GIF for a pixel token that is too long or malformed", async () => {
    for (const token of ["o.".padEnd(300, "x"), "not-a-token", "o.msg_x.0123456789abcdef01234567"]) {
      await expectGif(await visit(`http://leadedge.test/t/o/${token}`));
    }
  });
});

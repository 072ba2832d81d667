import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createLead, createSender } from "../../support/email";
import { call, createTenant } from "../../support/http";
import { settled } from "../../support/workflows";

const HTML =
  '<p>Hi {{lead.first_name | "there"}},</p><p>See <a href="https://acme.example/demo?x=1">the demo</a>.</p><p>{{sender.name}}</p><script>alert(1)</script>';

describe("POST /api/v1/messages", () => {
  it("renders, queues and sends one email through the log transport, with tracking and one-click unsubscribe", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const leadId = await createLead(t.liveKey, { first_name: "Jane", email: "jane@globex.example", plan: "pro" });
    const res = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: sender.id, lead_id: leadId, subject: "Hi {{lead.first_name}} on {{lead.custom.plan}}", html: HTML },
    });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: "queued", to: "jane@globex.example", subject: "Hi Jane on pro", lead_id: leadId, events: [] });
    expect(res.json.html).toContain("<p>Hi Jane,</p>");
    expect(res.json.html).not.toContain("<script>");
    expect(res.json.html).not.toContain('href="https://acme.example/demo');
    expect(res.json.html).toMatch(/href="http:\/\/[^"]+\/t\/c\/c\.msg_[a-z0-9]+\.0\.[0-9a-f]{24}"/);
    expect(res.json.text).toContain("the demo (https://acme.example/demo?x=1)");
    expect(res.json.text).toMatch(/Unsubscribe: http:\/\/[^\s]+\/t\/u\/u\.msg_/);

    expect(await settled(sends)).toEqual([{ status: "sent" }]);
    const sent = await call(`/api/v1/messages/${res.json.id}`, { key: t.liveKey });
    expect(sent.json).toMatchObject({ status: "sent", attempts: 1, provider_message_id: `log:${res.json.id}` });
    expect(sent.json.events.map((e: { type: string }) => e.type)).toEqual(["sent"]);
    const raw = (await env.DB.prepare("SELECT raw FROM email_log WHERE message_id = ?").bind(res.json.id).first<{ raw: string }>())!.raw;
    expect(raw).toContain(`Message-ID: <${res.json.message_id_header}>`);
    expect(raw).toMatch(/List-Unsubscribe: <http:\/\/[^>]+\/t\/u\/u\.msg_[^>]+>/);
    expect(raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(raw).toContain("Content-Type: text/plain");
    expect(raw).toContain("Content-Type: text/html");
  });

  it("merges a lead's fields into HTML as text, never as markup", async () => {
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const leadId = await createLead(t.liveKey, { first_name: '<a href="https://evil.example">Win</a>', email: "x@globex.example" });
    const res = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: sender.id, lead_id: leadId, subject: "Hi {{lead.first_name}}", html: "<p>Hi {{lead.first_name}}</p>" },
    });
    expect(res.status).toBe(202);
    expect(res.json.html).toContain("<p>Hi &lt;a href=&quot;https://evil.example&quot;&gt;Win&lt;/a&gt;</p>");
    expect(res.json.html).not.toMatch(/\/t\/c\//);
    expect(res.json.subject).toBe('Hi <a href="https://evil.example">Win</a>');
  });

  it("keeps a merged line break out of the subject header", async () => {
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const leadId = await createLead(t.liveKey, {
      first_name: "Bob",
      company: "Acme\r\nBcc: all@victims.example",
      email: "bob@globex.example",
    });
    const res = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: sender.id, lead_id: leadId, subject: "Hi {{lead.company}}", text: "x" },
    });
    expect(res.json.subject).toBe("Hi Acme Bcc: all@victims.example");
  });

  it("refuses an unknown merge field, a lead without email and a sender whose transport is not ready, naming the field", async () => {
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const leadId = await createLead(t.liveKey, { first_name: "Jane", email: "jane@globex.example" });
    const unknown = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: sender.id, lead_id: leadId, subject: "Hi {{lead.favourite}}", text: "x" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details[0]).toMatchObject({ field: "subject", code: "unknown_merge_field" });
    expect(unknown.json.error.details[0].message).toContain("{{lead.custom.favourite}}");
    const smtp = await createSender(t.liveKey, { transport: "smtp", from_email: "ops@acme.example" });
    const notReady = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: smtp.id, lead_id: leadId, subject: "Hi", text: "x" },
    });
    expect(notReady.status).toBe(409);
    expect(notReady.json.error.details[0]).toMatchObject({ field: "smtp", code: "transport_not_ready" });
    const phoneOnly = await createLead(t.liveKey, { first_name: "Pat", phone: "+14155550123" });
    const noEmail = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: sender.id, lead_id: phoneOnly, subject: "Hi", text: "x" },
    });
    expect(noEmail.status).toBe(400);
    expect(noEmail.json.error.details[0]).toMatchObject({ field: "lead_id", code: "no_email" });
    const wrongDomain = await call("/api/v1/senders", { key: t.liveKey, body: { name: "X", from_email: "x@elsewhere.example" } });
    expect(wrongDomain.status).toBe(400);
    expect(wrongDomain.json.error.details[0]).toMatchObject({ field: "from_email", code: "domain_not_declared" });
  });

  it("replays an Idempotency-Key (one message, one send), and lists messages by lead, sender and status", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const [jane, joe] = await Promise.all(
      ["jane", "joe"].map((n) => createLead(t.liveKey, { first_name: n, email: `${n}@globex.example` })),
    );
    const body = { sender_id: sender.id, lead_id: jane, subject: "Hi", text: "Hello" };
    const headers = { "Idempotency-Key": "send-jane-1" };
    const first = await call("/api/v1/messages", { key: t.liveKey, body, headers });
    const replay = await call("/api/v1/messages", { key: t.liveKey, body, headers });
    expect(replay.status).toBe(202);
    expect(replay.json.id).toBe(first.json.id);
    await call("/api/v1/messages", { key: t.liveKey, body: { ...body, lead_id: joe } });
    expect(await settled(sends, 2)).toEqual([{ status: "sent" }, { status: "sent" }]);
    const list = (query: string) => call(`/api/v1/messages?${query}`, { key: t.liveKey });
    expect((await list(`lead_id=${jane}`)).json.messages.map((m: { id: string }) => m.id)).toEqual([first.json.id]);
    expect((await list(`sender_id=${sender.id}&status=sent`)).json.messages).toHaveLength(2);
    expect((await list("status=queued")).json.messages).toEqual([]);
    expect((await list("limit=1&offset=1")).json).toMatchObject({ limit: 1, offset: 1, messages: [{ lead_id: jane }] });
    expect((await call("/api/v1/messages", { key: t.testKey })).json.messages).toEqual([]);
    expect((await call(`/api/v1/messages/${first.json.id}`, { key: t.testKey })).status).toBe(404);
  });

  it("moves a scored lead's engagement on an open, shown in GET /v1/leads/{id} history as engagement_increased with its score", async () => {
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const scored = (
      await call("/v1/leads/analyze", {
        key: t.liveKey,
        body: { leads: [{ email: "ana@globex.example", first_name: "Ana", engagement_score: 40 }] },
      })
    ).json.data.leads[0];
    const res = await call("/api/v1/messages", {
      key: t.liveKey,
      body: { sender_id: sender.id, lead_id: scored.id, subject: "Hi", html: "<p>Hello</p>" },
    });
    await settled(sends);
    const pixel = res.json.html.match(/http:\/\/leadedge\.test(\/t\/o\/[a-z0-9_.]+)/)[1];
    expect((await call(pixel)).status).toBe(200);
    let lead: any;
    await vi.waitFor(
      async () => {
        lead = (await call(`/v1/leads/${scored.id}`, { key: t.liveKey })).json.data;
        expect(lead.lead_data.engagement_score).toBe(45);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(lead.lead_data.last_interaction).toEqual(expect.any(String));
    expect(lead.history.at(-1)).toEqual({ timestamp: expect.any(String), event: "engagement_increased", score: scored.score });
  });
});

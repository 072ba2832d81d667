// The email checks of the smoke suite: a real SMTP server on loopback (nodemailer's smtp-server),
// a sender on the smtp transport pointing at it, and one message followed from POST to the
// received bytes, its pixel, its tracked link, its one-click unsubscribe, and a reply handed to the
// Worker's email() handler through wrangler dev's local email endpoint.
import PostalMime from "postal-mime";
import { SMTPServer } from "smtp-server";

const DOMAIN = "smoke-mail.example";
const LINK = "https://acme.example/demo?x=1";

/** An SMTP server on 127.0.0.1 (a free port, plain text, any login accepted) keeping every message it receives. */
export async function startSmtpSink() {
  const received = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ envelope: session.envelope, user: session.user, raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return { port: server.server.address().port, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The message once its Workflow has finished with it (any status but queued/sending), or the last view after `ms`. */
async function settledMessage(send, key, id, ms = 60_000) {
  const deadline = Date.now() + ms;
  let view;
  do {
    view = await send(`/api/v1/messages/${id}`, { key });
    if (!["queued", "sending"].includes(view.json?.status)) return view;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < deadline);
  return view;
}

const eventTypes = (view) => (view.json?.events ?? []).map((e) => e.type);

/**
 * @param {{ check: (name: string, fn: () => Promise<void>) => Promise<void>, assert: (c: unknown, m: string) => void,
 *   send: Function, url: (path: string) => string, waitFor: Function, admin: string }} suite
 */
export async function emailChecks({ check, assert, send, url, waitFor, admin }) {
  const sink = await startSmtpSink();
  try {
    let key;
    let message;
    let parsed;
    await check("email: a message through the smtp transport reaches a real SMTP server, parsed by postal-mime", async () => {
      // A tenant of its own, on a plan without the per-minute limit that polling would run into.
      const tenant = await send("/admin/tenants", { key: admin, body: { name: "Email smoke", plan: "enterprise" } });
      assert(tenant.status === 201, `tenant: ${tenant.status} ${tenant.text}`);
      key = tenant.json.api_key;
      const account = await send("/api/v1/account", { key, method: "PATCH", body: { sending_domains: [DOMAIN] } });
      assert(account.status === 200, `sending domain: ${account.status} ${account.text}`);
      const sender = await send("/api/v1/senders", {
        key,
        body: {
          name: "Maya Chen",
          from_email: `maya@${DOMAIN}`,
          transport: "smtp",
          smtp: { host: "127.0.0.1", port: sink.port, security: "none", username: "smoke", password: "smoke-password" },
        },
      });
      assert(sender.status === 201 && sender.json.smtp.password !== "smoke-password", `sender: ${sender.status} ${sender.text}`);
      const flow = await send("/api/v1/flows", { key, body: { name: "Email smoke" } });
      const lead = await send(`/api/v1/flows/${flow.json.id}/leads`, {
        key,
        body: { lead: { first_name: "Jane", email: "jane@globex-mail.example" } },
      });
      assert(lead.status === 201, `lead: ${lead.status} ${lead.text}`);
      const queued = await send("/api/v1/messages", {
        key,
        body: {
          sender_id: sender.json.id,
          lead_id: lead.json.id,
          subject: "Hi {{lead.first_name}}",
          html: `<p>Hi {{lead.first_name}},</p><p>See <a href="${LINK}">the demo</a>.</p><p>{{sender.name}}</p>`,
        },
      });
      assert(queued.status === 202 && queued.json.status === "queued", `message: ${queued.status} ${queued.text}`);
      const sent = await settledMessage(send, key, queued.json.id);
      assert(sent.json?.status === "sent", `not sent within 60 s: ${sent.text}`);
      message = sent.json;
      assert(sink.received.length === 1, `the SMTP server received ${sink.received.length} messages, not 1`);
      const [mail] = sink.received;
      assert(mail.user === "smoke" && mail.envelope.rcptTo[0].address === "jane@globex-mail.example", JSON.stringify(mail.envelope));
      parsed = await PostalMime.parse(mail.raw);
      const header = (name) => parsed.headers.find((h) => h.key === name.toLowerCase())?.value;
      assert(parsed.subject === "Hi Jane", `subject ${parsed.subject}`);
      assert(parsed.messageId === `<${message.message_id_header}>`, `Message-ID ${parsed.messageId} vs ${message.message_id_header}`);
      assert(
        /^<http:\/\/127\.0\.0\.1:\d+\/t\/u\/u\.msg_[^>]+>$/.test(header("List-Unsubscribe") ?? ""),
        `List-Unsubscribe ${header("List-Unsubscribe")}`,
      );
      assert(header("List-Unsubscribe-Post") === "List-Unsubscribe=One-Click", `List-Unsubscribe-Post ${header("List-Unsubscribe-Post")}`);
      assert(parsed.text?.includes(`the demo (${LINK})`) && parsed.text.includes("Unsubscribe: http"), `text part: ${parsed.text}`);
      assert(parsed.html?.includes("<p>Hi Jane,</p>") && !parsed.html.includes(`href="${LINK}"`), `html part: ${parsed.html}`);
    });

    await check("email: the received pixel and tracked link answer (gif, 302 to the original) and show as events", async () => {
      assert(parsed, "no received message to follow");
      const pixel = /src="(http:\/\/[^"]+\/t\/o\/[^"]+)"/.exec(parsed.html)?.[1];
      const link = /href="(http:\/\/[^"]+\/t\/c\/[^"]+)"/.exec(parsed.html)?.[1];
      assert(pixel && link, "no pixel or tracked link in the received HTML");
      const opened = await fetch(pixel);
      assert(
        opened.status === 200 && opened.headers.get("content-type") === "image/gif",
        `pixel: ${opened.status} ${opened.headers.get("content-type")}`,
      );
      await opened.arrayBuffer();
      const clicked = await fetch(link, { redirect: "manual" });
      assert(
        clicked.status === 302 && clicked.headers.get("location") === LINK,
        `click: ${clicked.status} ${clicked.headers.get("location")}`,
      );
      const view = await waitFor(async () => {
        const v = await send(`/api/v1/messages/${message.id}`, { key });
        return eventTypes(v).includes("opened") && eventTypes(v).includes("clicked") ? v : null;
      }, 10_000);
      assert(view, `events: ${eventTypes(await send(`/api/v1/messages/${message.id}`, { key }))}`);
      assert(eventTypes(view).join() === "sent,opened,clicked", `events ${eventTypes(view)}`);
      assert(view.json.events.find((e) => e.type === "clicked").url === LINK, JSON.stringify(view.json.events));
    });

    await check("email: the List-Unsubscribe one-click POST suppresses the address", async () => {
      const target = /^<(.+)>$/.exec(parsed?.headers.find((h) => h.key === "list-unsubscribe")?.value ?? "")?.[1];
      assert(target, "no List-Unsubscribe URL");
      const res = await fetch(target, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      assert(res.status === 200, `one-click: ${res.status} ${await res.text()}`);
      const list = await send("/api/v1/suppressions", { key });
      const entry = list.json?.suppressions?.find((s) => s.email === "jane@globex-mail.example");
      assert(entry?.reason === "unsubscribed" && entry.message_id === message.id, `suppressions: ${list.text}`);
    });

    await check("email: a reply through wrangler dev's local email endpoint shows as `replied`", async () => {
      assert(message, "no sent message to reply to");
      const from = "jane@globex-mail.example";
      const to = parsed.replyTo?.[0]?.address ?? `maya@${DOMAIN}`;
      const eml = [
        `From: Jane <${from}>`,
        `To: ${to}`,
        `Subject: Re: ${parsed.subject}`,
        `Message-ID: <reply-${Date.now()}@globex-mail.example>`,
        `In-Reply-To: <${message.message_id_header}>`,
        `References: <${message.message_id_header}>`,
        `Date: ${new Date().toUTCString()}`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Yes please, send me the demo.",
        "",
      ].join("\r\n");
      const res = await fetch(url(`/cdn-cgi/handler/email?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`), {
        method: "POST",
        body: eml,
      });
      assert(res.ok, `local email endpoint: ${res.status} ${await res.text()}`);
      const view = await waitFor(async () => {
        const v = await send(`/api/v1/messages/${message.id}`, { key });
        return eventTypes(v).includes("replied") ? v : null;
      }, 10_000);
      assert(view, `no replied event: ${eventTypes(await send(`/api/v1/messages/${message.id}`, { key }))}`);
      const replied = view.json.events.find((e) => e.type === "replied");
      assert(replied.text === "Yes please, send me the demo." && view.json.replied_at, JSON.stringify(view.json.events));
    });
  } finally {
    await sink.close();
  }
}

// `npm run bench:email`: email sending end to end under `wrangler dev` on loopback. N messages are
// POSTed to /api/v1/messages (16 at a time) through the log transport, then N through the smtp
// transport to a local smtp-server; messages/s is N over first POST to the last `sent_at`, each
// message through its own EmailSendWorkflow. Then the open pixel (GET /t/o/{token}) under
// autocannon beside the main Worker's /healthz and the bare baseline Worker's /healthz and
// one-row insert, all from the same run. Loopback only, bounded in messages and time.
//
// Env: BENCH_MESSAGES (per transport, default 1000), BENCH_SEND_MINUTES (deadline per transport,
//      default 10), BENCH_SECONDS (per load target, default 8), BENCH_CONNECTIONS (default 16).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { SMTPServer } from "smtp-server";
import { ROOT, startDevServer } from "../scripts/lib/dev-server.mjs";
import { withBenchTenant } from "./lib/bench-tenant.mjs";
import { round, thousands, writeReport } from "./lib/report.mjs";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
const SEND_DEADLINE_MS = Number(process.env.BENCH_SEND_MINUTES ?? 10) * 60_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const POST_CONCURRENCY = 16;
const DOMAIN = "bench-mail.example";

/** One autocannon run: req/s over the responses received, p50/p99 in ms. */
function load(url) {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`loopback only: ${url}`);
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, maxOverallRequests: 50_000, timeout: 30 }, (error, r) => {
      if (error) return reject(error);
      resolve({
        reqPerSec: round(r.requests.average),
        p50: r.latency.p50,
        p99: r.latency.p99,
        total: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
      });
    });
  });
}

/** A plain SMTP server on a free loopback port that accepts any login and counts what it receives. */
async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { received: () => received, port: server.server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Runs `fn(i)` for i in [0, n) with `width` in flight. */
async function pool(n, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

const baseState = mkdtempSync(join(tmpdir(), "leadedge-email-base-"));
const base = await startDevServer({ port: 8785, persistTo: baseState, cwd: join(ROOT, "bench", "baseline") });
const smtp = await smtpSink();
try {
  await withBenchTenant(
    8784,
    async ({ url, apiKey }) => {
      const headers = { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` };
      const api = async (path, { method, body } = {}) => {
        const res = await fetch(`${url}${path}`, {
          method: method ?? (body ? "POST" : "GET"),
          headers,
          body: body ? JSON.stringify(body) : undefined,
        });
        const text = await res.text();
        // wrangler dev answers a request cut by its own restart (a source file changed) in plain text.
        if (!res.ok || !text.startsWith("{"))
          throw new Error(`${method ?? (body ? "POST" : "GET")} ${path}: ${res.status} ${text.slice(0, 300)}`);
        return JSON.parse(text);
      };
      await api("/api/v1/account", { method: "PATCH", body: { sending_domains: [DOMAIN] } });
      const sender = (transport, extra = {}) =>
        api("/api/v1/senders", {
          body: { name: "Bench", from_email: `${transport}@${DOMAIN}`, transport, daily_limit: 100_000, ...extra },
        });
      const senders = {
        log: await sender("log"),
        smtp: await sender("smtp", {
          smtp: { host: "127.0.0.1", port: smtp.port, security: "none", username: "bench", password: "bench" },
        }),
      };
      const flow = await api("/api/v1/flows", { body: { name: "Email bench" } });
      const leadIds = [];
      for (let start = 0; start < MESSAGES; start += 1000) {
        const leads = Array.from({ length: Math.min(1000, MESSAGES - start) }, (_, i) => ({
          external_id: `l${start + i}`,
          lead: { first_name: `Pat${start + i}`, email: `pat${start + i}@bench-leads.example` },
        }));
        const batch = await api(`/api/v1/flows/${flow.id}/leads/batch`, { body: { leads } });
        leadIds.push(...batch.results.map((r) => r.lead_id));
      }
      if (leadIds.length !== MESSAGES || leadIds.some((id) => !id))
        throw new Error(`expected ${MESSAGES} lead ids, got ${leadIds.filter(Boolean).length}`);

      const html = '<p>Hi {{lead.first_name}},</p><p>See <a href="https://acme.example/demo">the demo</a>.</p><p>{{sender.name}}</p>';
      const send = async (transport) => {
        const started = Date.now();
        await pool(MESSAGES, POST_CONCURRENCY, (i) =>
          api("/api/v1/messages", {
            body: { sender_id: senders[transport].id, lead_id: leadIds[i], subject: "Hi {{lead.first_name}}", html },
          }),
        );
        const posted = Date.now();
        const open = async (status) =>
          (await api(`/api/v1/messages?sender_id=${senders[transport].id}&status=${status}&limit=1`)).messages.length;
        while (Date.now() - started < SEND_DEADLINE_MS && ((await open("queued")) > 0 || (await open("sending")) > 0)) await sleep(500);
        const sent = [];
        for (let offset = 0; ; offset += 200) {
          const page = (await api(`/api/v1/messages?sender_id=${senders[transport].id}&status=sent&limit=200&offset=${offset}`)).messages;
          sent.push(...page);
          if (page.length < 200) break;
        }
        const lastSent = Math.max(...sent.map((m) => Date.parse(m.sent_at)));
        const seconds = (lastSent - started) / 1000;
        return {
          messages: MESSAGES,
          sent: sent.length,
          post_seconds: round((posted - started) / 1000),
          end_to_end_seconds: round(seconds),
          messages_per_sec: round(sent.length / seconds),
          timed_out: sent.length < MESSAGES,
          sample: sent[0],
        };
      };
      const log = await send("log");
      const smtpRun = await send("smtp");
      const { sample, ...logFigures } = log;
      const { sample: _, ...smtpFigures } = smtpRun;
      smtpFigures.received_by_smtp_server = smtp.received();

      const pixel = /src="(http:\/\/127\.0\.0\.1:\d+\/t\/o\/[^"]+)"/.exec(sample.html)?.[1];
      if (!pixel) throw new Error("no open pixel in a sent message");
      const loads = {
        baseline_healthz: await load(`${base.url}/healthz`),
        main_healthz: await load(`${url}/healthz`),
        pixel: await load(pixel),
      };
      await sleep(1000);
      const opened = (await api(`/api/v1/messages/${sample.id}`)).open_count;
      const details = {
        messages: MESSAGES,
        seconds: SECONDS,
        connections: CONNECTIONS,
        log: logFigures,
        smtp: smtpFigures,
        loads,
        pixel_open_count: opened,
      };
      console.log(JSON.stringify(details, null, 2));
      for (const [name, r] of Object.entries(loads))
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      if (opened < 1) throw new Error("the pixel answered but recorded no open");
      if (log.timed_out || smtpRun.timed_out)
        throw new Error(`not every message was sent: log ${log.sent}, smtp ${smtpRun.sent} of ${MESSAGES}`);
      if (smtp.received() !== MESSAGES) throw new Error(`the SMTP server received ${smtp.received()} of ${MESSAGES}`);
      const bare = `bare /healthz: ${thousands(loads.baseline_healthz.reqPerSec)} req/s, p99 ${loads.baseline_healthz.p99} ms`;
      writeReport(
        "email",
        [
          {
            benchmark: `${thousands(MESSAGES)} messages, log transport (POST to last \`sent\`)`,
            result: `${log.messages_per_sec} messages/s`,
            baseline: bare,
          },
          {
            benchmark: `${thousands(MESSAGES)} messages, smtp to a local smtp-server`,
            result: `${smtpRun.messages_per_sec} messages/s`,
            baseline: bare,
          },
          {
            benchmark: "open pixel (`GET /t/o/{token}`)",
            result: `${thousands(loads.pixel.reqPerSec)} req/s, p99 ${loads.pixel.p99} ms`,
            baseline: `${bare}; main /healthz ${thousands(loads.main_healthz.reqPerSec)} req/s`,
          },
        ],
        details,
      );
      // The SMTP server is on loopback, which senders may use only where private outbound is allowed.
    },
    { vars: { ALLOW_PRIVATE_WEBHOOKS: "true" } },
  );
} finally {
  base.stop();
  await smtp.close();
  rmSync(baseState, { recursive: true, force: true });
}

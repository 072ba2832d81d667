// `npm run bench:sequences`: sequence enrollment under `wrangler dev` on loopback. N leads
// (default 1,000) are enrolled in one call in an active one-email sequence on the `log` transport:
// the 202's latency, enrollments started per second (each is its own SequenceRunWorkflow; started
// = its path has its first node), the time until every first email is `sent`, and workerd's
// resident memory before and after divided by N; beside the bare baseline Worker's /healthz from
// the same run. Loopback only, bounded in leads and time.
//
// Env: BENCH_ENROLLMENTS (default 1000, at most 1000: one POST), BENCH_MINUTES (deadline, default 10),
// BENCH_SECONDS and BENCH_CONNECTIONS (the /healthz loads, default 8 and 16), BENCH_PORT /
// BENCH_BASE_PORT (the main and the baseline Worker, default 8782 and 8783).
import { execSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { ROOT, startDevServer } from "../scripts/lib/dev-server.mjs";
import { withBenchTenant } from "./lib/bench-tenant.mjs";
import { round, thousands, writeReport } from "./lib/report.mjs";

const LEADS = Math.min(Number(process.env.BENCH_ENROLLMENTS ?? 1000), 1000);
const DEADLINE_MS = Number(process.env.BENCH_MINUTES ?? 10) * 60_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DOMAIN = "bench-sequence.example";

/** Resident memory of every workerd process, in MiB. */
const workerdMiB = () => {
  try {
    const out = execSync("ps -C workerd -o rss=", { encoding: "utf8" });
    return round(out.split("\n").reduce((sum, line) => sum + (Number(line.trim()) || 0), 0) / 1024);
  } catch {
    return null;
  }
};

function load(url) {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`loopback only: ${url}`);
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, timeout: 30 }, (error, r) =>
      error ? reject(error) : resolve({ reqPerSec: round(r.requests.average), p99: r.latency.p99, non2xx: r.non2xx }),
    ),
  );
}

const base = await startDevServer({
  port: Number(process.env.BENCH_BASE_PORT ?? 8783),
  persistTo: mkdtempSync(join(tmpdir(), "leadedge-seq-base-")),
  cwd: join(ROOT, "bench", "baseline"),
});
try {
  await withBenchTenant(Number(process.env.BENCH_PORT ?? 8782), async ({ url, apiKey }) => {
    let serverTiming = null;
    const api = async (path, { method, body } = {}) => {
      const res = await fetch(`${url}${path}`, {
        method: method ?? (body ? "POST" : "GET"),
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
        body: body ? JSON.stringify(body) : undefined,
      });
      serverTiming = res.headers.get("server-timing");
      const text = await res.text();
      if (res.status >= 300 || !text.startsWith("{")) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text);
    };
    await api("/api/v1/account", { method: "PATCH", body: { sending_domains: [DOMAIN] } });
    const sender = await api("/api/v1/senders", {
      body: { name: "Bench", from_email: `log@${DOMAIN}`, transport: "log", daily_limit: 100_000 },
    });
    const flow = await api("/api/v1/flows", { body: { name: "Sequence bench" } });
    const leads = Array.from({ length: LEADS }, (_, i) => ({
      external_id: `s${i}`,
      lead: { first_name: `Pat${i}`, email: `pat${i}@bench-seq.example` },
    }));
    const leadIds = (await api(`/api/v1/flows/${flow.id}/leads/batch`, { body: { leads } })).results.map((r) => r.lead_id);
    const sequence = (
      await api("/v1/workflows", {
        body: {
          name: "Bench",
          nodes: [
            { nodeId: "t", type: "trigger", position: { x: 0, y: 0 }, data: { triggerType: "manual" } },
            {
              nodeId: "e",
              type: "email",
              position: { x: 0, y: 0 },
              data: { subjectLine: "Hi {{lead.first_name}}", body: "Hello", senderId: sender.id },
            },
          ],
          edges: [{ edgeId: "e1", source: "t", target: "e" }],
        },
      })
    ).data;
    await api(`/v1/workflows/${sequence.id}/activate`, { method: "POST" });
    const memoryBefore = workerdMiB();
    const started = Date.now();
    const accepted = await api(`/v1/workflows/${sequence.id}/enrollments`, { body: { lead_ids: leadIds } });
    const acceptedMs = Date.now() - started;
    const acceptedTiming = serverTiming;
    let allStartedMs = null;
    let sentCount = 0;
    while (Date.now() - started < DEADLINE_MS) {
      if (allStartedMs === null) {
        let running = 0;
        for (let offset = 0; offset < LEADS; offset += 200) {
          const page = (await api(`/v1/workflows/${sequence.id}/enrollments?limit=200&offset=${offset}`)).data;
          running += page.filter((e) => e.path.length > 0).length;
        }
        if (running === LEADS) allStartedMs = Date.now() - started;
      }
      sentCount = 0;
      for (let offset = 0; ; offset += 200) {
        const page = (await api(`/api/v1/messages?sender_id=${sender.id}&status=sent&limit=200&offset=${offset}`)).messages;
        sentCount += page.length;
        if (page.length < 200) break;
      }
      if (sentCount === LEADS) break;
      await sleep(1000);
    }
    const allSentMs = Date.now() - started;
    const memoryAfter = workerdMiB();
    const loads = { baseline_healthz: await load(`${base.url}/healthz`), main_healthz: await load(`${url}/healthz`) };
    const details = {
      leads: LEADS,
      enrolled: accepted.data.enrolled,
      accepted_ms: acceptedMs,
      accepted_server_timing: acceptedTiming,
      all_started_seconds: allStartedMs === null ? null : round(allStartedMs / 1000),
      enrollments_started_per_sec: allStartedMs === null ? null : round(LEADS / (allStartedMs / 1000)),
      first_emails_sent: sentCount,
      all_first_emails_sent_seconds: round(allSentMs / 1000),
      workerd_mib_before: memoryBefore,
      workerd_mib_after: memoryAfter,
      kib_per_enrollment: memoryBefore && memoryAfter ? round(((memoryAfter - memoryBefore) * 1024) / LEADS) : null,
      loads,
    };
    console.log(JSON.stringify(details, null, 2));
    if (sentCount < LEADS) throw new Error(`only ${sentCount} of ${LEADS} first emails were sent in time`);
    const bare = `bare /healthz: ${thousands(loads.baseline_healthz.reqPerSec)} req/s, p99 ${loads.baseline_healthz.p99} ms`;
    writeReport(
      "sequences",
      [
        { benchmark: `enroll ${thousands(LEADS)} leads (one POST, 202)`, result: `${acceptedMs} ms`, baseline: bare },
        { benchmark: "enrollment Workflows started", result: `${details.enrollments_started_per_sec} per s`, baseline: bare },
        {
          benchmark: "until every first email is `sent` (log transport)",
          result: `${details.all_first_emails_sent_seconds} s`,
          baseline: bare,
        },
        { benchmark: "workerd memory per enrollment", result: `${details.kib_per_enrollment} KiB`, baseline: `${memoryBefore} MiB before` },
      ],
      details,
    );
  });
} finally {
  base.stop();
}

// `npm run bench:profile`: where the Worker's CPU goes during lead intake. Starts `wrangler dev` on
// loopback with an unminified bundle, loads it with single-lead posts (or form posts with
// PROFILE_TARGET=form) and records a CPU profile of the Worker's isolate through its inspector
// (the DevTools protocol's Profiler). Prints the functions with the most samples, self and
// inclusive, and writes the .cpuprofile (Chrome DevTools opens it). Not a benchmark: the figures
// are shares of one run's samples, for choosing what to trim. Loopback only, bounded in time.
//
// Env: PROFILE_TARGET (single | form, default single), BENCH_SECONDS (default 8), PROFILE_TOP (default 30).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { withBenchTenant } from "./lib/bench-tenant.mjs";

const TARGET = process.env.PROFILE_TARGET ?? "single";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TOP = Number(process.env.PROFILE_TOP ?? 30);
const INSPECTOR_PORT = 9239;
const FORMS = 40;

const lead = (n) => ({
  first_name: "John",
  last_name: "Doe",
  email: `profile${n}@acme-bench.example`,
  phone: "+1 650-253-0000",
  city: "Anytown",
  state: "CA",
  postal_code: "90210",
  source: "website_form",
});

/**
 * The DevTools protocol over the inspector's socket, which accepts only DevTools' own origin (Node's
 * WebSocket takes headers as undici's extension).
 */
async function inspector() {
  const socket = new WebSocket(`ws://127.0.0.1:${INSPECTOR_PORT}/ws`, {
    headers: { Origin: "https://devtools.devprod.cloudflare.dev" },
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let id = 0;
  const pending = new Map();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        pending.set(++id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** The `top` functions by self and by inclusive share of the profile's sampled time. */
function summarize(profile, top) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])));
  const name = (n) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  profile.samples.forEach((sample, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    const leaf = name(nodes.get(sample));
    self.set(leaf, (self.get(leaf) ?? 0) + micros);
    // Recursion counts a function once per sample.
    const seen = new Set();
    for (let at = sample; at !== undefined; at = parent.get(at)) {
      const frame = name(nodes.get(at));
      if (!seen.has(frame)) inclusive.set(frame, (inclusive.get(frame) ?? 0) + micros);
      seen.add(frame);
    }
  });
  const table = (shares) =>
    [...shares]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)} %  ${frame}`)
      .join("\n");
  return `self\n${table(self)}\n\ninclusive\n${table(inclusive)}`;
}

await withBenchTenant(
  8789,
  async ({ url, apiKey }) => {
    const auth = { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` };
    const flow = await fetch(`${url}/api/v1/flows`, { method: "POST", headers: auth, body: JSON.stringify({ name: "Profile" }) }).then(
      (r) => r.json(),
    );
    const forms = [];
    for (let i = 0; TARGET === "form" && i < FORMS; i++) {
      const res = await fetch(`${url}/api/v1/forms`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ flow_id: flow.id, name: `Form ${i}` }),
      });
      forms.push((await res.json()).id);
    }
    let n = 0;
    // Form posts rotate through forms and visitor addresses so that their rate limits stay out of the profile.
    const request = (req) =>
      TARGET === "form"
        ? {
            ...req,
            path: `/f/${forms[n % FORMS]}`,
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              Accept: "application/json",
              "CF-Connecting-IP": `198.51.100.${n % 250}`,
            },
            body: new URLSearchParams(lead(n++)).toString(),
          }
        : { ...req, headers: auth, body: JSON.stringify({ lead: lead(n++) }) };
    const load = (seconds) =>
      new Promise((resolve, reject) =>
        autocannon(
          {
            url: `${url}/api/v1/flows/${flow.id}/leads`,
            method: "POST",
            connections: 16,
            duration: seconds,
            requests: [{ setupRequest: request }],
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        ),
      );
    await load(2); // warm the isolate's caches and the JIT
    const devtools = await inspector();
    await devtools.send("Profiler.enable");
    await devtools.send("Profiler.setSamplingInterval", { interval: 200 });
    await devtools.send("Profiler.start");
    const result = await load(SECONDS);
    const { profile } = await devtools.send("Profiler.stop");
    devtools.close();
    const file = join(mkdtempSync(join(tmpdir(), "leadedge-profile-")), `${TARGET}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`${TARGET}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx`);
    console.log(summarize(profile, TOP));
    console.log(`\nprofile: ${file}`);
  },
  { args: ["--minify", "false", "--inspector-port", String(INSPECTOR_PORT)] },
);

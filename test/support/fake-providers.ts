// The outside services Leadedge may call, faked at the fetch boundary (Miniflare's outbound
// service, running in Node). Deterministic: the answer follows from the request.
import { fakeLlm } from "./fake-llm.ts";
import { fakeDns, fakeReceiver } from "./fake-receiver.ts";

export async function fakeProviders(request: Request): Promise<Response> {
  const url = new URL(request.url);
  // <name>.loopback.test resolves to loopback (fakeDns) but would answer as <name>.test does, so a
  // test can tell that a refused call never arrived.
  if (url.hostname.endsWith(".loopback.test")) url.hostname = url.hostname.replace(/\.loopback\.test$/, ".test");
  if (url.hostname === "mailbox.provider.test") {
    if (request.headers.get("Authorization") !== "Bearer mailbox-token") return new Response("unauthorized", { status: 401 });
    const { email } = (await request.json()) as { email: string };
    if (email.startsWith("outage")) return new Response("upstream down", { status: 503 });
    const deliverable = !email.startsWith("bounce");
    return Response.json({ deliverable, reason: deliverable ? null : "mailbox does not exist" });
  }
  if (url.hostname === "carrier.provider.test") {
    const { phone } = (await request.json()) as { phone: string };
    return Response.json({ carrier: phone.endsWith("0") ? "Verizon" : "T-Mobile", line_type: "mobile" });
  }
  // Cloudflare's resolver, and a resolver a deployment configures instead (DNS_OVER_HTTPS_URL).
  if (url.hostname === "cloudflare-dns.com" || url.hostname === "dns.resolver.test") return fakeDns(url);
  if (url.hostname === "challenges.cloudflare.com") {
    // "human-token[@hostname][#action]": solved on that hostname (www.acme.example) for that action
    // (none); "unreadable-token" gets an answer that is not JSON.
    const form = new URLSearchParams(await request.text());
    const token = /^human-token(?:@([^#]+))?(?:#(.*))?$/.exec(form.get("response") ?? "");
    if (form.get("response") === "unreadable-token") return new Response("<html>upstream hiccup</html>", { status: 200 });
    const success = form.get("secret") === "turnstile-test-secret" && token !== null;
    return Response.json({ success, hostname: token?.[1] ?? "www.acme.example", action: token?.[2] ?? "" });
  }
  if (url.hostname === "llm.provider.test") return fakeLlm(request, url);
  if (url.hostname === "prospects.provider.test") return fakeProspectProvider(request, url);
  if (url.hostname === "bulk.provider.test") return fakeBulk(url);
  if (url.hostname === "receiver.test" || url.hostname.endsWith(".private.test")) return fakeReceiver(request, url);
  return new Response(`no fake for ${request.url}`, { status: 599 });
}

// A prospect data vendor in its own words (company_name, work_email, job_title): one matching
// contact per industry of the profile, and one that matches nothing.
async function fakeProspectProvider(request: Request, url: URL): Promise<Response> {
  if (request.headers.get("Authorization") !== "Bearer vendor-token") return Response.json({ error: "unauthorized" }, { status: 401 });
  if (url.pathname === "/down") return Response.json({ error: "down" }, { status: 503 });
  const { profile } = (await request.json()) as { profile: { industries: string[]; roles: string[]; locations: string[] } };
  const prospects = profile.industries.map((industry, i) => ({
    company_name: `Vendor ${industry} Co`,
    website: `vendor-${industry}.example`,
    industry,
    employees: 150,
    revenue_usd: 12_000_000,
    country: profile.locations[0] ?? "United States",
    keywords: "workflow automation",
    job_title: profile.roles[0] ?? "CTO",
    first_name: "Vendor",
    last_name: `Contact${i}`,
    work_email: `contact${i}@vendor-${industry}.example`,
  }));
  prospects.push({
    company_name: "Vendor Bakery",
    website: "vendor-bakery.example",
    industry: "food",
    employees: 5,
    revenue_usd: 100_000,
    country: "France",
    keywords: "bread",
    job_title: "Baker",
    first_name: "Pat",
    last_name: "Baker",
    work_email: "pat@vendor-bakery.example",
  });
  return Response.json({ prospects });
}

// Answers that test the guarded fetch's limits: /bytes/<n> streams n bytes with no Content-Length,
// /sized/<n> sends n bytes with one, /slow/<ms> answers after ms milliseconds, /stall/<ms> sends
// its headers at once and ends its body after ms milliseconds.
async function fakeBulk(url: URL): Promise<Response> {
  const [, kind = "", amount = "0"] = url.pathname.split("/");
  const n = Number(amount);
  if (kind === "slow") {
    await new Promise((resolve) => setTimeout(resolve, n));
    return new Response("late");
  }
  if (kind === "sized") return new Response("x".repeat(n));
  if (kind === "stall") {
    // The headers and a first chunk at once, the end only after n milliseconds.
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode("first"));
        await new Promise((resolve) => setTimeout(resolve, n));
        controller.close();
      },
    });
    return new Response(body);
  }
  const chunk = new TextEncoder().encode("x".repeat(1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= n) return controller.close();
      const part = chunk.subarray(0, Math.min(chunk.byteLength, n - sent));
      sent += part.byteLength;
      controller.enqueue(part);
    },
  });
  return new Response(body);
}

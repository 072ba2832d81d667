// A webhook receiver behind Miniflare's outbound service (it runs in Node, not in workerd). Each
// inbox is addressed by path: https://receiver.test/<behaviour>/<inbox>, where <behaviour> is
// "ok", "fail-<n>" (500 for the first n deliveries, then 200), "gone" (410), "redirect" (302), and
// for lead recipients "json-accepted" / "json-rejected" (200 with {"status": …}) and "status-400".
// It checks every delivery the way real receivers would: with the `standardwebhooks` package, and
// with the lead-generation seed's own Node snippet, and keeps what it saw for the test to read at
// GET https://receiver.test/inbox/<inbox>. A secret is registered with POST /configure/<inbox>.
import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";

interface Received {
  headers: Record<string, string>;
  body: string;
  standardwebhooks_verified: boolean;
  seed_snippet_verified: boolean | null;
  answered: number;
}

const secrets = new Map<string, string>();
const inboxes = new Map<string, Received[]>();
const attempts = new Map<string, number>();

// Copied from shared/seeds/lead-generation-command-api.txt ("Webhook Security"), as written.
function verifyWebhookSignature(request: any, secret: any) {
  const signature = request.headers["uncodie-signature"];
  const payload = JSON.stringify(request.body);
  // biome-ignore lint/style/useTemplate: the seed's snippet, as written
  const expectedSignature = "sha256=" + crypto.createHmac("sha256", secret).update(payload).digest("hex");
  return crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expectedSignature));
}

function standardVerified(secret: string, body: string, headers: Record<string, string>): boolean {
  try {
    const webhook = secret.startsWith("whsec_") ? new Webhook(secret) : new Webhook(secret, { format: "raw" });
    webhook.verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

export async function fakeReceiver(request: Request, url: URL): Promise<Response> {
  const [, behaviour = "", inbox = ""] = url.pathname.split("/");
  if (behaviour === "configure") {
    secrets.set(inbox, ((await request.json()) as { secret: string }).secret);
    return new Response(null, { status: 204 });
  }
  if (behaviour === "inbox") return Response.json(inboxes.get(inbox) ?? []);

  const body = await request.text();
  const headers = Object.fromEntries([...request.headers].map(([k, v]) => [k.toLowerCase(), v]));
  const secret = secrets.get(inbox) ?? "";
  const seen = (attempts.get(inbox) ?? 0) + 1;
  attempts.set(inbox, seen);
  const failures = /^fail-(\d+)$/.exec(behaviour);
  const status =
    behaviour === "gone"
      ? 410
      : behaviour === "redirect"
        ? 302
        : behaviour === "status-400"
          ? 400
          : failures && seen <= Number(failures[1])
            ? 500
            : 200;
  const list = inboxes.get(inbox) ?? [];
  list.push({
    headers,
    body,
    standardwebhooks_verified: standardVerified(secret, body, headers),
    seed_snippet_verified: headers["uncodie-signature"] ? verifyWebhookSignature({ headers, body: JSON.parse(body) }, secret) : null,
    answered: status,
  });
  inboxes.set(inbox, list);
  if (status === 302) return new Response(null, { status, headers: { Location: "https://elsewhere.test/" } });
  if (behaviour === "json-accepted") return Response.json({ status: "accepted", id: `buyer-${seen}` });
  if (behaviour === "json-rejected") return Response.json({ status: "rejected", reason: "outside service area" });
  return new Response(status === 200 ? "ok" : "nope", { status });
}

/**
 * DNS over HTTPS for the fake world. *.private.test names resolve to a private address and
 * *.loopback.test names to loopback; other names to a public one. For mail domains, by prefix:
 * nomx… have no MX (but an address), nomail… have neither, nullmx… publish the null MX
 * ("0 .", RFC 7505), nxdomain… do not exist and servfail… make the resolver fail.
 */
const dnsQueries = new Map<string, number>();

export function fakeDns(url: URL): Response {
  const name = url.searchParams.get("name") ?? "";
  const type = url.searchParams.get("type");
  // GET /queries?name=…: how many questions about that name this resolver was asked.
  if (url.pathname === "/queries") return Response.json({ count: dnsQueries.get(name) ?? 0 });
  dnsQueries.set(name, (dnsQueries.get(name) ?? 0) + 1);
  if (name.startsWith("servfail")) return Response.json({ Status: 2, Answer: [] });
  if (name.startsWith("nxdomain")) return Response.json({ Status: 3, Answer: [] });
  if (name.startsWith("nomail")) return Response.json({ Status: 0, Answer: [] });
  if (type === "MX") {
    if (name.startsWith("nomx")) return Response.json({ Status: 0, Answer: [] });
    const exchange = name.startsWith("nullmx") ? "0 ." : `10 mx.${name}.`;
    return Response.json({ Status: 0, Answer: [{ name, type: 15, TTL: 300, data: exchange }] });
  }
  const loopback = name.endsWith(".loopback.test");
  if (type === "AAAA") return Response.json({ Status: 0, Answer: loopback ? [{ name, type: 28, TTL: 60, data: "::1" }] : [] });
  const data = loopback ? "127.0.0.1" : name.endsWith(".private.test") ? "10.0.0.7" : "203.0.113.10";
  return Response.json({ Status: 0, Answer: [{ name, type: 1, TTL: 60, data }] });
}

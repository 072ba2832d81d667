// The outside services Leadedge may call, faked at the fetch boundary (Miniflare's outbound
// service, running in Node). Deterministic: the answer follows from the request.
import { fakeLlm } from "./fake-llm.ts";
import { fakeDns, fakeReceiver } from "./fake-receiver.ts";

export async function fakeProviders(request: Request): Promise<Response> {
  const url = new URL(request.url);
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
  if (url.hostname === "cloudflare-dns.com") return fakeDns(url);
  if (url.hostname === "challenges.cloudflare.com") {
    const form = new URLSearchParams(await request.text());
    return Response.json({ success: form.get("secret") === "turnstile-test-secret" && form.get("response") === "human-token" });
  }
  if (url.hostname === "llm.provider.test") return fakeLlm(request, url);
  if (url.hostname === "receiver.test" || url.hostname.endsWith(".private.test")) return fakeReceiver(request, url);
  return new Response(`no fake for ${request.url}`, { status: 599 });
}

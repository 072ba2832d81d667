// The outside services Leadedge may call, faked at the fetch boundary (Miniflare's outbound
// service, running in Node). Deterministic: the answer follows from the request.

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
  return new Response(`no fake for ${request.url}`, { status: 599 });
}

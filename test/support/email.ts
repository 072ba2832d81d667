import { call } from "./http";

/** A sender on the tenant's declared domain (declared here), by default on the log transport. */
export async function createSender(key: string, body: Record<string, unknown> = {}) {
  const domain = String(body.from_email ?? "maya@acme.example").split("@")[1];
  const account = await call("/api/v1/account", { key, method: "PATCH", body: { sending_domains: [domain] } });
  if (account.status !== 200) throw new Error(`sending domain: ${account.status} ${account.text}`);
  const res = await call("/api/v1/senders", { key, body: { name: "Maya Chen", from_email: "maya@acme.example", ...body } });
  if (res.status !== 201) throw new Error(`sender creation failed: ${res.status} ${res.text}`);
  return res.json;
}

/** A lead submitted through the LeadConduit-style API, with its id. */
export async function createLead(key: string, lead: Record<string, unknown>): Promise<string> {
  const flow = await call("/api/v1/flows", { key, body: { name: `Email flow ${crypto.randomUUID().slice(0, 6)}` } });
  const res = await call(`/api/v1/flows/${flow.json.id}/leads`, { key, body: { lead } });
  if (res.status !== 201) throw new Error(`lead creation failed: ${res.status} ${res.text}`);
  return res.json.id;
}

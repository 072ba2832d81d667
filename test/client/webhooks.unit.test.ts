// The client's webhook checks against the Worker's own signing (src/domain/webhooks/signing.ts):
// what Leadedge sends verifies, and anything changed does not.
import { describe, expect, it } from "vitest";
import { verifySignatureHeader, verifyWebhook, WebhookVerificationError } from "../../clients/typescript/src/index";
import { generateSecret, signatureHeaders } from "../../src/domain/webhooks/signing";

const BODY = JSON.stringify({ event: "lead.accepted", lead_id: "lead_01", data: { email: "ada@acme.example", note: "café ✓" } });
const NOW = new Date("2026-12-02T12:00:00Z");
const timestamp = Math.floor(NOW.getTime() / 1000);

async function delivery(secret: string, eventType = "lead.accepted", body = BODY) {
  return signatureHeaders(secret, "evt_01", timestamp, body, eventType);
}

const refused = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(WebhookVerificationError);

describe("verifyWebhook", () => {
  it("verifies every signature of a delivery (Standard Webhooks and sha256=) and parses the body", async () => {
    const secret = generateSecret();
    const headers = await delivery(secret);
    expect(Object.keys(headers)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature", "X-Leadedge-Signature"]);
    expect(await verifyWebhook(secret, BODY, new Headers(headers), { now: NOW })).toEqual(JSON.parse(BODY));
    // As Node's http module hands headers over: lower-case names in a plain object; and the body as bytes.
    const node = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(await verifyWebhook(secret, new TextEncoder().encode(BODY), node, { now: NOW })).toEqual(JSON.parse(BODY));
  });

  it("verifies a lead-generation delivery with a secret the tenant chose, Uncodie-Signature included", async () => {
    const secret = "your_webhook_secret_of_24_chars";
    const headers = await delivery(secret, "lead_generation.completed");
    expect(headers["Uncodie-Signature"]).toBe(headers["X-Leadedge-Signature"]);
    await expect(verifyWebhook(secret, BODY, headers, { now: NOW })).resolves.toEqual(JSON.parse(BODY));
    await verifySignatureHeader(secret, BODY, headers["Uncodie-Signature"]!);
  });

  it("refuses a changed body, another secret, a stale timestamp, one bad header among good ones, and no signature", async () => {
    const secret = generateSecret();
    const headers = await delivery(secret, "lead_generation.completed");
    await refused(verifyWebhook(secret, BODY.replace("lead_01", "lead_02"), headers, { now: NOW }));
    await refused(verifyWebhook(generateSecret(), BODY, headers, { now: NOW }));
    await refused(verifyWebhook(secret, BODY, headers, { now: new Date(NOW.getTime() + 301_000) }));
    await expect(verifyWebhook(secret, BODY, headers, { now: new Date(NOW.getTime() + 299_000) })).resolves.toBeDefined();
    await refused(verifyWebhook(secret, BODY, { ...headers, "Uncodie-Signature": `sha256=${"0".repeat(64)}` }, { now: NOW }));
    await refused(verifyWebhook(secret, BODY, { ...headers, "webhook-id": "evt_02" }, { now: NOW }));
    await refused(verifyWebhook(secret, BODY, { "Content-Type": "application/json" }, { now: NOW }));
    await refused(verifySignatureHeader(secret, BODY, "md5=abc"));
  });

  it("accepts one matching signature among several sent while a secret rotates", async () => {
    const [oldSecret, newSecret] = [generateSecret(), generateSecret()];
    const fresh = await delivery(newSecret);
    const stale = await delivery(oldSecret);
    const standardOnly = {
      "webhook-id": fresh["webhook-id"]!,
      "webhook-timestamp": fresh["webhook-timestamp"]!,
      "webhook-signature": `${stale["webhook-signature"]} ${fresh["webhook-signature"]}`,
    };
    await expect(verifyWebhook(newSecret, BODY, standardOnly, { now: NOW })).resolves.toBeDefined();
  });
});

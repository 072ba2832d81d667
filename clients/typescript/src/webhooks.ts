// Verifying the webhooks Leadedge sends, over the raw body exactly as it arrived (parse it only
// after it verifies: re-serialized JSON may differ in a byte). A delivery carries:
// - Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256
//   of "{id}.{timestamp}.{body}">`, keyed by the base64 part of a `whsec_` secret (or by the UTF-8
//   bytes of a secret you chose in another form);
// - `X-Leadedge-Signature: sha256=<hex HMAC-SHA256 of the body>`, keyed by the whole secret string;
// - on lead-generation events also `Uncodie-Signature`, the same value (that seed's snippet reads it).

/** Request headers as fetch (`Headers`) or Node's http module (`IncomingHttpHeaders`) hand them over. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;
export type RawBody = string | Uint8Array | ArrayBuffer;

export interface VerifyOptions {
  /** How far webhook-timestamp may be from now, in seconds (default 300, as Standard Webhooks says). */
  toleranceSeconds?: number;
  /** The time to check the timestamp against (default now). */
  now?: Date;
}

export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
}

const encoder = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
  return Array.isArray(entry) ? entry[0] : entry;
}

function bytesOf(body: RawBody): Uint8Array {
  if (typeof body === "string") return encoder.encode(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

function fromBase64(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new WebhookVerificationError("the secret or a signature is not valid base64");
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function hmac(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey("raw", key as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, message as BufferSource));
}

/** Compares in time that depends only on the lengths. */
function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Checks the Standard Webhooks headers: a `v1` signature that matches, and a timestamp within the tolerance. */
export async function verifyStandardWebhook(
  secret: string,
  rawBody: RawBody,
  headers: WebhookHeaders,
  options: VerifyOptions = {},
): Promise<void> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError("webhook-id, webhook-timestamp or webhook-signature is missing");
  const seconds = Number(timestamp);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (!Number.isInteger(seconds) || Math.abs(now - seconds) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError("webhook-timestamp is too far from now (a replay, or a clock off)");
  }
  const key = secret.startsWith("whsec_") ? fromBase64(secret.slice("whsec_".length)) : encoder.encode(secret);
  const expected = await hmac(key, concat(encoder.encode(`${id}.${timestamp}.`), bytesOf(rawBody)));
  // Several space-separated signatures may be sent while a secret rotates: one match is enough.
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version === "v1" && value && equal(fromBase64(value), expected)) return;
  }
  throw new WebhookVerificationError("webhook-signature does not match the body");
}

/** Checks a `sha256=<hex>` signature (X-Leadedge-Signature, Uncodie-Signature): HMAC-SHA256 of the body keyed by the secret string. */
export async function verifySignatureHeader(secret: string, rawBody: RawBody, signature: string): Promise<void> {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!match) throw new WebhookVerificationError("the signature is not of the form sha256=<64 hex digits>");
  const given = Uint8Array.from(match[1]!.match(/../g)!, (pair) => Number.parseInt(pair, 16));
  if (!equal(given, await hmac(encoder.encode(secret), bytesOf(rawBody)))) {
    throw new WebhookVerificationError("the sha256= signature does not match the body");
  }
}

/** The signature headers a Leadedge delivery may carry, checked by `verifyWebhook`. */
export const SIGNATURE_HEADERS = ["webhook-signature", "X-Leadedge-Signature", "Uncodie-Signature"] as const;

/**
 * Verifies every Leadedge signature the request carries (at least one must be there, and none may
 * fail), then parses the body: `const event = await verifyWebhook(secret, rawBody, req.headers)`.
 * Throws WebhookVerificationError otherwise; answer such a request 400 and do not act on it.
 */
export async function verifyWebhook<T = unknown>(
  secret: string,
  rawBody: RawBody,
  headers: WebhookHeaders,
  options: VerifyOptions = {},
): Promise<T> {
  const present = SIGNATURE_HEADERS.filter((name) => header(headers, name) !== undefined);
  if (present.length === 0) throw new WebhookVerificationError(`none of ${SIGNATURE_HEADERS.join(", ")} is present`);
  for (const name of present) {
    if (name === "webhook-signature") await verifyStandardWebhook(secret, rawBody, headers, options);
    else await verifySignatureHeader(secret, rawBody, header(headers, name)!);
  }
  const text = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(bytesOf(rawBody));
  return JSON.parse(text) as T;
}

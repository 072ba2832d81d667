// Webhook signatures. Standard Webhooks (`webhook-signature: v1,<base64 HMAC-SHA256 of
// "{id}.{timestamp}.{body}">`) keyed by the base64 part of a `whsec_` secret, or by the UTF-8 bytes
// of a secret the tenant supplied in another form (the `standardwebhooks` package's "raw" format);
// and the seeds' simple check, `sha256=<hex HMAC-SHA256 of the body>` keyed by the secret string.

import { SUBMISSION_EVENTS } from "./events";

const encoder = new TextEncoder();

/** The shortest signing secret a tenant may choose: shorter ones can be guessed offline from one signature. */
export const MIN_CUSTOM_SECRET = 24;

/** A chosen secret in the `whsec_` form is read as base64 after the prefix, as Standard Webhooks reads it, so it must be that. */
export const WHSEC_MESSAGE =
  "a secret starting with whsec_ is read as whsec_ followed by base64, as Standard Webhooks does; this one is not";

export function isReadableSecret(secret: string): boolean {
  if (!secret.startsWith("whsec_")) return true;
  try {
    return atob(secret.slice("whsec_".length)).length > 0;
  } catch {
    return false;
  }
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function keyBytes(secret: string): Uint8Array {
  if (!secret.startsWith("whsec_")) return encoder.encode(secret);
  return Uint8Array.from(atob(secret.slice("whsec_".length)), (c) => c.charCodeAt(0));
}

async function hmac(key: Uint8Array, message: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(message)));
}

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 24 random bytes. */
export function generateSecret(): string {
  return `whsec_${base64(crypto.getRandomValues(new Uint8Array(24)))}`;
}

/** The fingerprint shown for a generated secret: `sha256:` + the first 8 hex of its SHA-256. */
export async function secretFingerprint(secret: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(secret)));
  return `sha256:${[...digest]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, 8)}`;
}

export async function standardSignature(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  return `v1,${base64(await hmac(keyBytes(secret), `${id}.${timestamp}.${body}`))}`;
}

export async function simpleSignature(secret: string, body: string): Promise<string> {
  const digest = await hmac(encoder.encode(secret), body);
  return `sha256=${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

// The submission seed's example payload carries its signature in the body.
const SIGNED_IN_BODY = new Set<string>(SUBMISSION_EVENTS);

/**
 * What a delivery sends: the compact JSON of the payload, and on the submission seed's events a
 * last `signature` field, the simple signature of the body without it (drop it and sign the rest).
 */
export async function deliveryBody(secret: string, eventType: string, payload: unknown): Promise<string> {
  const body = JSON.stringify(payload);
  if (!SIGNED_IN_BODY.has(eventType)) return body;
  return JSON.stringify({ ...(payload as object), signature: await simpleSignature(secret, body) });
}

/** Every signature header a delivery carries. */
export async function signatureHeaders(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
  eventType: string,
): Promise<Record<string, string>> {
  const simple = await simpleSignature(secret, body);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await standardSignature(secret, id, timestamp, body),
    "X-Leadedge-Signature": simple,
    // The lead-generation seed's own verification snippet reads this header.
    ...(eventType.startsWith("lead_generation.") ? { "Uncodie-Signature": simple } : {}),
  };
}

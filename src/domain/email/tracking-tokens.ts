// Tokens in tracking, unsubscribe and reply addresses: `<kind>.<message id>[.<link>].<mac>`, where
// the mac is the first 12 bytes of HMAC-SHA256 under EMAIL_SECRET, in hex. A message id is opaque
// (no email, no name), and everything is lower case, because mail systems may fold an address's
// local part.

export type TokenKind = "o" | "c" | "u" | "r";

export interface TrackingToken {
  kind: TokenKind;
  messageId: string;
  /** Clicks only: which of the message's links. */
  link: number | null;
}

const encoder = new TextEncoder();
const MAC_BYTES = 12;

async function mac(secret: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(payload)));
  return [...signature.slice(0, MAC_BYTES)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function signToken(secret: string, token: TrackingToken): Promise<string> {
  const payload = [token.kind, token.messageId, ...(token.link === null ? [] : [String(token.link)])].join(".");
  return `${payload}.${await mac(secret, payload)}`;
}

/** The token's contents when its mac is ours, else null (a forged or altered token reads as nothing). */
export async function verifyToken(secret: string, value: string, kind: TokenKind): Promise<TrackingToken | null> {
  const parts = value.toLowerCase().split(".");
  const given = parts.pop();
  const [tokenKind, messageId, link, ...rest] = parts;
  if (!given || tokenKind !== kind || !messageId?.startsWith("msg_") || rest.length > 0) return null;
  if ((kind === "c") !== (link !== undefined) || (link !== undefined && !/^\d{1,4}$/.test(link))) return null;
  const expected = await mac(secret, parts.join("."));
  const a = encoder.encode(expected);
  const b = encoder.encode(given);
  if (a.byteLength !== b.byteLength || !crypto.subtle.timingSafeEqual(a, b)) return null;
  return { kind, messageId, link: link === undefined ? null : Number(link) };
}

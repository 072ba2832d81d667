// Outbound URLs (every call: see guarded-fetch.ts) must not reach into private networks: https only in
// production, and no loopback, private, link-local, CGNAT or cloud-metadata addresses, by literal or
// by what the host name resolves to, unless the deployment allows it (ALLOW_PRIVATE_WEBHOOKS=true,
// for local development).

import { type ConfigSource, configOf } from "./config";

export interface OutboundPolicy {
  allowPrivate: boolean;
  requireHttps: boolean;
}

export function outboundPolicy(env: ConfigSource): OutboundPolicy {
  const { allowPrivateOutbound, requireHttps } = configOf(env);
  return { allowPrivate: allowPrivateOutbound, requireHttps };
}

const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0000000, 24],
  [0xc0a80000, 16],
  [0xc6120000, 15],
  [0xe0000000, 4],
  [0xf0000000, 4],
];

function ipv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad counts as two), or null. */
export function ipv6Groups(host: string): number[] | null {
  let text = host;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad?.[1]) {
    const v4 = ipv4(quad[1]);
    if (v4 === null) return null;
    text = `${text.slice(0, -quad[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (part: string | undefined) => (part ? part.split(":") : []);
  const [head, tail] = [groupsOf(halves[0]), groupsOf(halves[1])];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

const v4From = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * Loopback, private, link-local, CGNAT, multicast and reserved addresses, IPv6 forms that carry an
 * IPv4 address inside them (mapped, compatible, NAT64, 6to4) judged by that address, and Teredo
 * refused outright because its embedded address is the tunnel's, not the destination's.
 */
export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, "").toLowerCase();
  const v4 = ipv4(host);
  if (v4 !== null) return PRIVATE_V4.some(([base, bits]) => Math.floor(v4 / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
  if (!host.includes(":")) return false;
  const g = ipv6Groups(host.replace(/%.*$/, ""));
  if (!g) return true; // Not an address we can read: not one we call.
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(7) && g7 <= 1) return true; // :: and ::1
  if (zeroTo(5) && g5 === 0xffff) return isPrivateAddress(v4From(g6, g7)); // ::ffff:a.b.c.d
  if (zeroTo(6)) return isPrivateAddress(v4From(g6, g7)); // ::a.b.c.d, deprecated but still routed by some stacks
  if (g0 === 0x64 && g1 === 0xff9b) return g2 !== 0 || g3 !== 0 || g4 !== 0 || g5 !== 0 || isPrivateAddress(v4From(g6, g7)); // NAT64; 64:ff9b:1::/48 is local
  if (g0 === 0x2002) return isPrivateAddress(v4From(g1, g2)); // 6to4
  if (g0 === 0x2001 && g1 === 0) return true; // Teredo
  if (g0 === 0x2001 && g1 === 0xdb8) return true; // documentation
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only
  return (g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0 || (g0 & 0xff00) === 0xff00;
}

const PRIVATE_NAMES = /(^|\.)(localhost|local|internal|home\.arpa)$|^metadata(\.google\.internal)?$/;

/** A host private as written (an address literal or a local-only name), before DNS: guarded-fetch.ts checks what a name resolves to. */
export function isPrivateHost(hostname: string): boolean {
  // A fully qualified name's trailing dot ("localhost.") names the same host.
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  return isPrivateAddress(host) || PRIVATE_NAMES.test(host);
}

/** Why the URL may not be called, or null when it may (before DNS: guarded-fetch.ts checks what the name resolves to). */
export function refuseOutboundUrl(raw: string, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && !policy.requireHttps))
    return policy.requireHttps ? "must use https" : "must use http or https";
  if (url.username || url.password) return "must not carry credentials";
  if (policy.allowPrivate) return null;
  if (isPrivateHost(url.hostname)) return "points to a private, loopback or link-local address";
  return null;
}

// Outbound URLs (webhooks, recipients) must not reach into private networks: https only in
// production, and no loopback, private, link-local, CGNAT or cloud-metadata addresses, by literal or
// by what the host name resolves to, unless the deployment allows it (ALLOW_PRIVATE_WEBHOOKS=true,
// for local development).

export interface OutboundPolicy {
  allowPrivate: boolean;
  requireHttps: boolean;
}

export function outboundPolicy(env: Env): OutboundPolicy {
  return { allowPrivate: env.ALLOW_PRIVATE_WEBHOOKS === "true", requireHttps: env.ENVIRONMENT === "production" };
}

const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8], [0x0a000000, 8], [0x64400000, 10], [0x7f000000, 8], [0xa9fe0000, 16], [0xac100000, 12],
  [0xc0000000, 24], [0xc0a80000, 16], [0xc6120000, 15], [0xe0000000, 4], [0xf0000000, 4],
];

function ipv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, "").toLowerCase();
  const v4 = ipv4(host);
  if (v4 !== null) return PRIVATE_V4.some(([base, bits]) => Math.floor(v4 / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
  if (!host.includes(":")) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped?.[1]) return isPrivateAddress(mapped[1]);
  // URL parsing writes an IPv4-mapped address in hex (::ffff:10.0.0.1 becomes ::ffff:a00:1).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hex?.[1] && hex[2]) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return isPrivateAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  return host === "::" || host === "::1" || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
}

const PRIVATE_NAMES = /(^|\.)(localhost|local|internal|home\.arpa)$|^metadata(\.google\.internal)?$/;

/** Why the URL may not be called, or null when it may (before DNS: see `resolvesPrivately`). */
export function refuseOutboundUrl(raw: string, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && !policy.requireHttps)) return policy.requireHttps ? "must use https" : "must use http or https";
  if (url.username || url.password) return "must not carry credentials";
  if (policy.allowPrivate) return null;
  const host = url.hostname.toLowerCase();
  if (isPrivateAddress(host) || PRIVATE_NAMES.test(host)) return "points to a private, loopback or link-local address";
  return null;
}

/**
 * Whether a host name resolves to a private address, asked over DNS-over-HTTPS (Workers have no
 * resolver of their own). A lookup that fails answers false: Cloudflare's network refuses private
 * destinations anyway, so this check is a second line, not the only one.
 */
export async function resolvesPrivately(host: string, fetcher: typeof fetch): Promise<boolean> {
  if (ipv4(host) !== null || host.includes(":")) return isPrivateAddress(host);
  const answers = await Promise.all(
    ["A", "AAAA"].map(async (type) => {
      try {
        const res = await fetcher(`https://cloudflare-dns.com/dns-query?name=${encodeURIComponent(host)}&type=${type}`, { headers: { Accept: "application/dns-json" }, signal: AbortSignal.timeout(3_000) });
        const body = (await res.json()) as { Answer?: { type: number; data: string }[] };
        return (body.Answer ?? []).filter((a) => a.type === 1 || a.type === 28).map((a) => a.data);
      } catch {
        return [];
      }
    }),
  );
  return answers.flat().some(isPrivateAddress);
}

import { ipv6Groups } from "./outbound-url";

/**
 * The key a per-visitor limit counts under: an IPv4 address as it is, an IPv6 address by its /64,
 * because one subscriber is usually given a whole /64 and can pick a new address from it per post.
 */
export function visitorKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  const groups = ipv6Groups(ip.toLowerCase());
  if (!groups) return ip;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

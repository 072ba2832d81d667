import { ipv6Groups } from "./outbound-url";

/**
 * The key a per-visitor limit counts under: an IPv4 address as it is (also when written as an
 * IPv4-mapped IPv6 address), an IPv6 address by its /64, because one subscriber is usually given a
 * whole /64 and can pick a new address from it per post.
 */
export function visitorKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  const groups = ipv6Groups(ip.toLowerCase());
  if (!groups) return ip;
  const [g6, g7] = [groups[6] ?? 0, groups[7] ?? 0];
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

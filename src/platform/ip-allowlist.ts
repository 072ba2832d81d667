// An API key's optional allowlist: exact addresses (IPv4 or IPv6) and IPv4 CIDR ranges.
// Entries and request addresses are compared in canonical form, so that `2001:0db8::0001` and
// `2001:db8::1` are one address; rows stored before entries were checked this strictly are read
// the same way, and an entry that does not parse matches nothing.

/** A parsed entry: an inclusive IPv4 range, or one IPv6 address in canonical text. */
type AllowlistEntry = { family: 4; first: number; last: number } | { family: 6; address: string };

const IPV4_OCTET = /^(?:0|[1-9]\d{0,2})$/;
const IPV4_PREFIX = /^(?:\d|[12]\d|3[0-2])$/;
const IPV6_GROUP = /^[0-9a-f]{1,4}$/;
const IPV4_MAPPED = /^0:0:0:0:0:ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/** A dotted quad without leading zeros (`010.0.0.1` is refused: some read it as octal). */
function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Hex groups between colons; undefined when any is not 1 to 4 hex digits. */
function hexGroups(text: string): number[] | undefined {
  if (text === "") return [];
  const groups = text.split(":");
  return groups.every((g) => IPV6_GROUP.test(g)) ? groups.map((g) => Number.parseInt(g, 16)) : undefined;
}

/** An embedded IPv4 tail (`::ffff:192.0.2.1`) rewritten as its two hex groups. */
function withoutIpv4Tail(ip: string): string | undefined {
  const lastColon = ip.lastIndexOf(":");
  const tail = ip.slice(lastColon + 1);
  if (!tail.includes(".")) return ip;
  const value = ipv4ToInt(tail);
  if (value === undefined) return undefined;
  return `${ip.slice(0, lastColon + 1)}${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`;
}

/** The canonical text of an IPv6 address (eight groups, lower case, no leading zeros), or undefined. */
function canonicalIpv6(ip: string): string | undefined {
  if (!ip.includes(":")) return undefined;
  const hex = withoutIpv4Tail(ip.toLowerCase());
  if (hex === undefined) return undefined;
  const halves = hex.split("::");
  if (halves.length > 2) return undefined;
  const head = hexGroups(halves[0] ?? "");
  const tail = halves.length === 2 ? hexGroups(halves[1] ?? "") : [];
  if (!head || !tail) return undefined;
  const given = head.length + tail.length;
  // `::` stands for at least one zero group; without it all eight are written out.
  if (halves.length === 2 ? given > 7 : given !== 8) return undefined;
  const groups = [...head, ...Array<number>(8 - given).fill(0), ...tail];
  return groups.map((g) => g.toString(16)).join(":");
}

function parseEntry(entry: string): AllowlistEntry | undefined {
  const parts = entry.split("/");
  if (parts.length > 2) return undefined;
  const [address = "", bits] = parts;
  const base = ipv4ToInt(address);
  if (base !== undefined) {
    if (bits !== undefined && !IPV4_PREFIX.test(bits)) return undefined;
    const size = 2 ** (32 - Number(bits ?? 32));
    const first = Math.floor(base / size) * size;
    return { family: 4, first, last: first + size - 1 };
  }
  const canonical = bits === undefined ? canonicalIpv6(address) : undefined;
  if (canonical === undefined) return undefined;
  // An IPv4-mapped address (`::ffff:192.0.2.1`) is that IPv4 address, however a proxy spells it.
  const mapped = IPV4_MAPPED.exec(canonical);
  if (mapped) {
    const value = Number.parseInt(mapped[1]!, 16) * 65536 + Number.parseInt(mapped[2]!, 16);
    return { family: 4, first: value, last: value };
  }
  return { family: 6, address: canonical };
}

function within(inner: AllowlistEntry, outer: AllowlistEntry): boolean {
  if (inner.family === 4 && outer.family === 4) return outer.first <= inner.first && inner.last <= outer.last;
  return inner.family === 6 && outer.family === 6 && inner.address === outer.address;
}

export function isValidAllowlistEntry(entry: string): boolean {
  return parseEntry(entry) !== undefined;
}

/** Whether the request address `ip` is one of the allowlist's addresses or ranges. */
export function ipAllowed(ip: string, allowlist: readonly string[]): boolean {
  const request = ip.includes("/") ? undefined : parseEntry(ip);
  if (!request) return false;
  return allowlist.some((entry) => {
    const allowed = parseEntry(entry);
    return allowed !== undefined && within(request, allowed);
  });
}

/** Whether every entry of `inner` lies within an entry of `outer` (an allowlist no wider than another). */
export function allowlistCovers(outer: readonly string[], inner: readonly string[]): boolean {
  const bounds = outer.map(parseEntry).filter((entry) => entry !== undefined);
  return inner.every((entry) => {
    const parsed = parseEntry(entry);
    return parsed !== undefined && bounds.some((bound) => within(parsed, bound));
  });
}

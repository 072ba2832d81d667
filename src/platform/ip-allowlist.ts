// An API key's optional allowlist: exact addresses (IPv4 or IPv6) and IPv4 CIDR ranges.

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function isValidAllowlistEntry(entry: string): boolean {
  const [address, bits] = entry.split("/");
  if (!address) return false;
  if (bits === undefined) return ipv4ToInt(address) !== undefined || /^[0-9a-fA-F:]+$/.test(address);
  return ipv4ToInt(address) !== undefined && /^\d{1,2}$/.test(bits) && Number(bits) <= 32;
}

export function ipAllowed(ip: string, allowlist: readonly string[]): boolean {
  const value = ipv4ToInt(ip);
  return allowlist.some((entry) => {
    const [address, bits] = entry.split("/");
    if (bits === undefined) return address?.toLowerCase() === ip.toLowerCase();
    const base = ipv4ToInt(address ?? "");
    if (value === undefined || base === undefined) return false;
    const size = 2 ** (32 - Number(bits));
    return Math.floor(value / size) === Math.floor(base / size);
  });
}

/** The [first, last] IPv4 addresses of an entry, or undefined for an IPv6 address. */
function ipv4Range(entry: string): [number, number] | undefined {
  const [address, bits] = entry.split("/");
  const base = ipv4ToInt(address ?? "");
  if (base === undefined) return undefined;
  const size = 2 ** (32 - Number(bits ?? 32));
  const first = Math.floor(base / size) * size;
  return [first, first + size - 1];
}

/** Whether every entry of `inner` lies within an entry of `outer` (an allowlist no wider than another). */
export function allowlistCovers(outer: readonly string[], inner: readonly string[]): boolean {
  return inner.every((entry) => {
    const range = ipv4Range(entry);
    if (!range) return outer.some((o) => o.toLowerCase() === entry.toLowerCase());
    return outer.some((o) => {
      const bounds = ipv4Range(o);
      return bounds !== undefined && bounds[0] <= range[0] && range[1] <= bounds[1];
    });
  });
}

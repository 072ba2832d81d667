// A large list of domains as a compact membership table: each domain's 64-bit hash (two 32-bit
// lanes), sorted, 8 bytes a domain, searched by bisection. Built by scripts/email-lists.mjs, which
// repeats this hash; a test checks that a sample of the package's own domains is found. A false
// positive needs a full 64-bit collision: for 120,000 domains about one company domain in 10^14.

const MAGIC = "LEDF";
const HEADER_BYTES = 64;

export interface DomainFilter {
  /** The list and version the table was built from, such as "disposable-email-domains@1.0.62". */
  source: string;
  size: number;
  has(domain: string): boolean;
}

/** Two 32-bit lanes with cyrb53's mixing: fast, no allocation, the same in the build script. */
export function domainHash(domain: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < domain.length; i++) {
    const ch = domain.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** Reads a table written by scripts/email-lists.mjs; throws on anything else. */
export function parseDomainFilter(buffer: ArrayBuffer): DomainFilter {
  const bytes = new Uint8Array(buffer);
  const header = new TextDecoder().decode(bytes.subarray(0, HEADER_BYTES));
  const view = new DataView(buffer);
  const size = buffer.byteLength >= HEADER_BYTES ? view.getUint32(4, true) : 0;
  if (!header.startsWith(MAGIC) || buffer.byteLength !== HEADER_BYTES + size * 8) throw new Error("not a domain table");
  const source = header.slice(8).replace(/\0+$/, "");
  const table = new Uint32Array(buffer, HEADER_BYTES, size * 2);
  return {
    source,
    size,
    has(domain) {
      const [h1, h2] = domainHash(domain);
      let low = 0;
      let high = size - 1;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        const a = table[mid * 2]!;
        const b = table[mid * 2 + 1]!;
        if (a === h1 && b === h2) return true;
        if (a < h1 || (a === h1 && b < h2)) low = mid + 1;
        else high = mid - 1;
      }
      return false;
    },
  };
}

// Prefixed, time-sortable ids: `<prefix>_<10 chars of milliseconds><16 random chars>`, Crockford
// base32 in lower case, so ids sort by creation time as text (handy for keyset pagination).
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix = "ten" | "key" | "req" | "site" | "user" | "lead" | "flow" | "step" | "evt" | "batch" | "cmd";

export function newId(prefix: IdPrefix, nowMs = Date.now()): string {
  let time = "";
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = "";
  for (const byte of random) tail += ALPHABET[byte % 32];
  return `${prefix}_${time}${tail}`;
}

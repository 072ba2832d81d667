// Prefixed, time-sortable ids: `<prefix>_<10 chars of milliseconds><16 random chars>`, Crockford
// base32 in lower case. Within one millisecond an isolate increments the random part instead of
// drawing a new one (ULID's monotonic mode), so ids made in order also sort in order.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix =
  | "ten"
  | "key"
  | "req"
  | "site"
  | "user"
  | "lead"
  | "flow"
  | "step"
  | "evt"
  | "batch"
  | "cmd"
  | "whk"
  | "dlv"
  | "pk"
  | "model"
  | "pco"
  | "pct"
  | "ppr"
  | "sts"
  | "opp"
  | "wf"
  | "lp"
  | "msg"
  | "sbt"
  | "enr";

let lastTime = -1;
let lastRandom: number[] = [];

function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return next;
}

export function newId(prefix: IdPrefix, nowMs = Date.now()): string {
  let time = "";
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  if (nowMs === lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = nowMs;
    lastRandom = [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte % 32);
  }
  return `${prefix}_${time}${lastRandom.map((d) => ALPHABET[d]).join("")}`;
}

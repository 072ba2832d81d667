// Retrying 429 (rate limited) and 503 (unavailable) answers, waiting as the answer's Retry-After
// says. Bounded twice: a number of retries, and a longest wait; an answer asking for a longer
// wait is handed back at once rather than slept on.

export interface RetryOptions {
  /** Retries after the first attempt (default 3); 0 turns retrying off. */
  retries?: number;
  /** The longest single wait in ms (default 30,000). A Retry-After beyond it ends the retries. */
  maxDelayMs?: number;
  /** Without Retry-After, the first wait in ms, doubled on each retry (default 500). */
  baseDelayMs?: number;
  /** The statuses retried (default 429 and 503). */
  statuses?: readonly number[];
  /** How to wait; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}

/** What the client calls to send a request: globalThis.fetch fits. */
export type RequestFetch = (request: Request) => Promise<Response>;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds a Retry-After value asks for: delay-seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * A fetch that sends a request again after a retryable answer. The body is cloned before each
 * attempt, so a POST is repeated byte for byte, with the same Idempotency-Key.
 */
export function retryingFetch(fetchImpl: RequestFetch, options: RetryOptions = {}): RequestFetch {
  const { retries = 3, maxDelayMs = 30_000, baseDelayMs = 500, statuses = [429, 503], sleep = wait } = options;
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetchImpl(attempt < retries ? request.clone() : request);
      if (attempt >= retries || !statuses.includes(response.status)) return response;
      const delay = retryAfterMs(response.headers.get("Retry-After")) ?? baseDelayMs * 2 ** attempt;
      if (delay > maxDelayMs) return response;
      await response.body?.cancel();
      await sleep(delay);
    }
  };
}

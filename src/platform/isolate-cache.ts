/**
 * How long an isolate trusts its copy of a row that nearly every request reads (an API key, a
 * flow, a form). A change made through another isolate applies within this bound; the isolate
 * that makes it forgets its own copy at once. docs/behaviour.md states the bound to users.
 */
export const ISOLATE_CACHE_TTL_MS = 5_000;

/**
 * Rows kept in the isolate's memory for a short time, so the hot path does not pay a round trip to
 * D1 for what it read a moment ago. Only loaded values are kept (never a pending load, which
 * belongs to the request that started it) and failures are not kept at all.
 */
export class IsolateCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs = ISOLATE_CACHE_TTL_MS,
    private readonly maxEntries = 1_000,
  ) {}

  async get(key: string, load: () => Promise<V>, nowMs = Date.now()): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > nowMs) return hit.value;
    const value = await load();
    this.entries.delete(key);
    this.entries.set(key, { value, expires: nowMs + this.ttlMs });
    // Insertion order is age order: the oldest entry goes first when the cache is full.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** Drops every entry whose value matches, after a change this isolate made. */
  forget(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }
}

import { lastPurgeAt } from "../../../domain/landing-pages/pages";
import { CACHE_SECONDS } from "../../../domain/landing-pages/visit";

// The Cache API holds a copy per Cloudflare location, and a purge (caches.default.delete) reaches
// only the location that runs it. So a copy is good for CACHE_SECONDS at most: the runtime drops
// it then (its Cache-Control), and a copy older than that is never served even where the runtime
// keeps it longer. An edit or unpublish shows at once where it was made, and everywhere else
// within CACHE_SECONDS. Where it was made, a copy stamped no later than the purge (a visit that
// read the page before the change and stored it after) is refused too.

const CACHED_AT = "X-Leadedge-Cached-At";

/** What visitors' browsers and any proxy get: revalidate each time, so only our copy ever lags. */
export const VISITOR_CACHE_CONTROL = "public, max-age=0, must-revalidate";

/** Whether a copy of the page read at `readAt` may predate the last purge: a visit stamps its copy before it reads. */
const purgedSince = (purgedAt: number | null, readAt: number) => purgedAt !== null && readAt <= purgedAt;

/** The location's copy of a page if it is younger than the bound and than the last purge, else null. */
export async function freshCopy(key: string, nowMs: number): Promise<Response | null> {
  const [cached, purgedAt] = await Promise.all([caches.default.match(key), lastPurgeAt(key)]);
  if (!cached) return null;
  const cachedAt = Number(cached.headers.get(CACHED_AT));
  if (!Number.isFinite(cachedAt) || nowMs - cachedAt >= CACHE_SECONDS * 1000 || cachedAt > nowMs) return null;
  if (purgedSince(purgedAt, cachedAt)) return null;
  const headers = new Headers(cached.headers);
  headers.delete(CACHED_AT);
  headers.set("Cache-Control", VISITOR_CACHE_CONTROL);
  return new Response(cached.body, { status: cached.status, headers });
}

/** Keeps a copy of the page read at `nowMs` at this location for at most CACHE_SECONDS, unless a purge came since. */
export async function keepCopy(key: string, html: string, nowMs: number): Promise<void> {
  if (purgedSince(await lastPurgeAt(key), nowMs)) return;
  const headers = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": `public, max-age=${CACHE_SECONDS}`,
    [CACHED_AT]: String(nowMs),
  };
  return caches.default.put(key, new Response(html, { headers }));
}

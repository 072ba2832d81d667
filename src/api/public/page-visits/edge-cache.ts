import { CACHE_SECONDS } from "../../../domain/landing-pages/visit";

// The Cache API holds a copy per Cloudflare location, and a purge (caches.default.delete) reaches
// only the location that runs it. So a copy is good for CACHE_SECONDS at most: the runtime drops
// it then (its Cache-Control), and a copy older than that is never served even where the runtime
// keeps it longer. An edit or unpublish shows at once where it was made, and everywhere else
// within CACHE_SECONDS.

const CACHED_AT = "X-Leadedge-Cached-At";

/** What visitors' browsers and any proxy get: revalidate each time, so only our copy ever lags. */
export const VISITOR_CACHE_CONTROL = "public, max-age=0, must-revalidate";

/** The location's copy of a page if it is younger than the bound, else null. */
export async function freshCopy(key: string, nowMs: number): Promise<Response | null> {
  const cached = await caches.default.match(key);
  if (!cached) return null;
  const cachedAt = Number(cached.headers.get(CACHED_AT));
  if (!Number.isFinite(cachedAt) || nowMs - cachedAt >= CACHE_SECONDS * 1000 || cachedAt > nowMs) return null;
  const headers = new Headers(cached.headers);
  headers.delete(CACHED_AT);
  headers.set("Cache-Control", VISITOR_CACHE_CONTROL);
  return new Response(cached.body, { status: cached.status, headers });
}

/** Keeps a copy of the page at this location for at most CACHE_SECONDS. */
export function keepCopy(key: string, html: string, nowMs: number): Promise<void> {
  const headers = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": `public, max-age=${CACHE_SECONDS}`,
    [CACHED_AT]: String(nowMs),
  };
  return caches.default.put(key, new Response(html, { headers }));
}

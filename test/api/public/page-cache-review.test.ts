import { describe, expect, it, vi } from "vitest";
import { keepCopy } from "../../../src/api/public/page-visits/edge-cache";
import { cacheKeyOf } from "../../../src/domain/landing-pages/pages";
import { call, createTenant, type TestTenant } from "../../support/http";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** A published page of content only (no form section), with its public path and cache key. */
async function publishedPage(t: TestTenant, content: string) {
  const created = await call("/v1/landing-pages", { key: t.liveKey, body: { name: "Launch", slug: "launch", content } });
  expect(created.status).toBe(201);
  const id: string = created.json.data.id;
  expect((await call(`/v1/landing-pages/${id}/publish`, { key: t.liveKey, method: "POST" })).status).toBe(200);
  return { id, path: `/p/${t.slug}/launch`, key: cacheKeyOf(t.slug, "launch") };
}

/** The location's copy of the page, once the visit's waitUntil has stored it. */
const storedCopy = (key: string) =>
  vi.waitFor(async () => {
    const copy = await caches.default.match(key);
    if (!copy) throw new Error("not cached yet");
    return copy;
  });

describe("/p/{tenant_slug}/{slug} cache and purges", () => {
  it("a visit that read the page before an edit stores no copy after the edit's purge; later visits cache the new page", async () => {
    const t = await createTenant();
    const page = await publishedPage(t, "<h1>Old offer</h1>");
    const visitStarted = Date.now();
    const oldHtml = (await call(page.path)).text;
    expect(oldHtml).toContain("Old offer");
    await storedCopy(page.key);

    const edited = await call(`/v1/landing-pages/${page.id}`, { key: t.liveKey, method: "PATCH", body: { content: "<h1>New offer</h1>" } });
    expect(edited.status).toBe(200);
    // The visit's waitUntil lands after the purge.
    await keepCopy(page.key, oldHtml, visitStarted);
    expect(await caches.default.match(page.key)).toBeUndefined();
    const after = await call(page.path);
    expect(after.text).toContain("New offer");
    expect(after.text).not.toContain("Old offer");

    // A copy made after the purge is served as before.
    await storedCopy(page.key);
    expect((await call(page.path)).text).toContain("New offer");
  });

  it("a copy stamped before an unpublish, stored after its purge, is not served", async () => {
    const t = await createTenant();
    const page = await publishedPage(t, "<h1>Spring sale</h1>");
    const visitStarted = Date.now();
    expect((await call(page.path)).text).toContain("Spring sale");
    const stored = await storedCopy(page.key);
    const oldHtml = await stored.text();
    expect((await call(`/v1/landing-pages/${page.id}/unpublish`, { key: t.liveKey, method: "POST" })).status).toBe(200);
    // The visit's keepCopy found no purge yet, and its write reached the cache just after the purge.
    const headers = new Headers(stored.headers);
    headers.set("X-Leadedge-Cached-At", String(visitStarted));
    await caches.default.put(page.key, new Response(oldHtml, { headers }));
    const visit = await call(page.path, { headers: { Accept: "application/json" } });
    expect(visit.status).toBe(404);
    expect(visit.json.error).toMatchObject({ code: "not_found" });
  });
});

describe("/p/{tenant_slug}/{slug} not found", () => {
  it("answers a browser with an HTML 404 page and an API caller with the JSON error", async () => {
    const t = await createTenant();
    const page = await publishedPage(t, "<h1>Gone soon</h1>");
    expect((await call(`/v1/landing-pages/${page.id}/unpublish`, { key: t.liveKey, method: "POST" })).status).toBe(200);

    for (const path of [page.path, `/p/${t.slug}/never-made`]) {
      const browser = await call(path, { headers: { Accept: BROWSER_ACCEPT } });
      expect(browser.status).toBe(404);
      expect(browser.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
      expect(browser.text).toMatch(/^<!doctype html>/);
      expect(browser.text).toContain("<title>Page not found</title>");
      expect(browser.text).toContain("<h1>Page not found</h1><p>This page does not exist or is no longer published.</p>");

      for (const accept of ["application/json", "*/*", "text/html;q=0.5, application/json"]) {
        const api = await call(path, { headers: { Accept: accept } });
        expect(api.status).toBe(404);
        expect(api.headers.get("Content-Type")).toContain("application/json");
        expect(api.json.error).toMatchObject({ code: "not_found", message: expect.stringContaining("No published page") });
      }
      const bare = await call(path);
      expect(bare.status).toBe(404);
      expect(bare.json.error.code).toBe("not_found");
    }
  });
});

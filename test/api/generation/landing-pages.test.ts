import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { cacheKeyOf } from "../../../src/domain/landing-pages/pages";
import { CACHE_SECONDS } from "../../../src/domain/landing-pages/visit";
import worker from "../../../src/index";
import { call, createFlow, createTenant } from "../../support/http";

const PAGE_SEED = {
  prompt: "A webinar registration page for a product demo. Include hero, features, speaker bio, and registration form.",
  industry: "B2B SaaS",
  goal: "webinar registration",
};

async function setUp() {
  const t = await createTenant();
  const slug = (await env.DB.prepare("SELECT slug FROM tenants WHERE id = ?").bind(t.id).first<string>("slug"))!;
  const flow = await createFlow(t.liveKey);
  const form = (await call("/api/v1/forms", { key: t.liveKey, body: { flow_id: flow.id, name: "Webinar form" } })).json;
  const generated = (await call("/v1/campaigns/ai/generate-landing-page", { key: t.liveKey, body: PAGE_SEED })).json.data;
  return { t, slug, flow, form, generated };
}

describe("/v1/landing-pages", () => {
  it("publishes a generated page as a complete HTML document whose form posts a lead into the linked flow", async () => {
    const { t, slug, flow, form, generated } = await setUp();
    const created = await call("/v1/landing-pages", { key: t.liveKey, body: { ...generated, formId: form.id } });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ status: "draft", url: null, slug: "product-demo-webinar" });
    expect((await call(`/p/${slug}/product-demo-webinar`)).status).toBe(404);

    const published = await call(`/v1/landing-pages/${created.json.data.id}/publish`, { key: t.liveKey, method: "POST" });
    expect(published.json.data).toMatchObject({ status: "published", url: `/p/${slug}/product-demo-webinar` });
    const res = await call(`/p/${slug}/product-demo-webinar`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const html = res.text;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain("<title>Product Demo Webinar</title>");
    expect(html).toContain('<meta name="description" content="A webinar registration page for a product demo.">');
    expect(html).toContain("--primary:#4f46e5");
    expect(html).toContain(`<form method="post" action="/f/${form.id}">`);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<section class="section section-hero" data-section="hero-1">');
    expect(html).toContain('<a class="button" href="#form">Register Now</a>');
    expect(html).toContain('<section class="section section-form" id="form">');
    // A label for every field, the honeypot's included (hidden from people and screen readers alike).
    for (const field of ["first_name", "last_name", "email", "company"]) expect(html).toContain(`<label for="field-${field}">`);
    expect(html).toContain('<input name="email" type="email" required autocomplete="email" id="field-email">');
    expect(html).toMatch(/<div class="hp" aria-hidden="true"><label for="field-[\w-]+">Leave empty<\/label>/);
    expect(html).toContain(":focus-visible{outline:3px solid var(--accent)");
    expect(html).toContain('system-ui,-apple-system,"Segoe UI"');
    const tenantName = (await env.DB.prepare("SELECT name FROM tenants WHERE id = ?").bind(t.id).first<string>("name"))!;
    expect(html).toContain(
      `<footer class="site-footer"><nav aria-label="Footer"><span>${tenantName}</span><a href="#privacy">Privacy</a></nav>`,
    );
    expect(html).toContain(`<p id="privacy">Privacy: The details you send with this form go to ${tenantName},`);
    expect(html).not.toMatch(/<script|Your host|https?:\/\/(?!leadedge\.test)/i);

    // A visitor fills in the form: the lead lands in the flow.
    const post = await call(`/f/${form.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      rawBody: new URLSearchParams({ first_name: "Ada", last_name: "Lovelace", email: "ada@analytical.example", company: "Engines" }),
    });
    expect([200, 303]).toContain(post.status);
    const leads = await call(`/api/v1/leads?flow_id=${flow.id}`, { key: t.liveKey });
    expect(leads.json.total_count).toBe(1);
  });

  it("draws a page that has sections but no HTML from its sections, with text readable on a light brand colour", async () => {
    const { t, slug, form } = await setUp();
    const sections = [
      {
        sectionId: "hero-1",
        type: "hero",
        label: "Hero",
        visible: true,
        order: 0,
        content: { heading: "Spring Launch", text: "See what is new." },
      },
      { sectionId: "speaker-1", type: "speaker", label: "Speaker", visible: true, order: 1, content: { heading: "Your speaker" } },
      {
        sectionId: "faq-1",
        type: "faq",
        label: "FAQ",
        visible: true,
        order: 2,
        content: { items: [{ question: "Is it free?", answer: "Yes." }, { question: "No answer?" }] },
      },
      { sectionId: "form-1", type: "form", label: "Join", visible: true, order: 3, content: { submitLabel: "Join the launch" } },
    ];
    const style = { primaryColor: "#fde047", backgroundColor: "#ffffff", fontFamily: "Inter" };
    const created = await call("/v1/landing-pages", {
      key: t.liveKey,
      body: { name: "Launch", slug: "launch", sections, style, formId: form.id },
    });
    await call(`/v1/landing-pages/${created.json.data.id}/publish`, { key: t.liveKey, method: "POST" });
    const html = (await call(`/p/${slug}/launch`)).text;
    expect(html).toContain('<h1>Spring Launch</h1><p class="lead">See what is new.</p><a class="button" href="#form">Join the launch</a>');
    expect(html).toContain("<dt>Is it free?</dt><dd>Yes.</dd></dl>");
    // A speaker section with nobody in it, and a question without an answer, are not drawn.
    expect(html).not.toContain("Your speaker");
    expect(html).not.toContain("No answer?");
    // Yellow is too light for white text: the hero's text is ink, and links and headings a darkened yellow.
    expect(html).toContain("--primary:#fde047;--on-primary:#111827;--background:#ffffff;--text:#111827");
    expect(html).toMatch(/--accent:#(?!fde047)[0-9a-f]{6}/);
  });

  it("sanitises HTML when a page is saved, and serves only what was kept", async () => {
    const { t, slug, form } = await setUp();
    const content = `<div><h1>Hi</h1><script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a><iframe src="https://evil.example"></iframe></div>`;
    const created = await call("/v1/landing-pages", {
      key: t.liveKey,
      body: { name: "Raw", slug: "raw", content, sections: [], formId: form.id },
    });
    expect(created.json.data.content).toBe(`<div><h1>Hi</h1><img src=x><a>x</a></div>`);
    await call(`/v1/landing-pages/${created.json.data.id}/publish`, { key: t.liveKey, method: "POST" });
    const html = (await call(`/p/${slug}/raw`)).text;
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe/i);
  });

  it("saves content with out-of-range, surrogate and zero character references instead of failing", async () => {
    const { t, form } = await setUp();
    const content = `<a href="&#x110000;">x</a><a href="&#xD800;">y</a><a href="&#0;">z</a><a href="&#99999999999;">w</a>`;
    const created = await call("/v1/landing-pages", {
      key: t.liveKey,
      body: { name: "Refs", slug: "refs", content, sections: [], formId: form.id },
    });
    expect(created.status).toBe(201);
    expect(created.json.data.content).toContain(">x</a>");
  });

  it("links the canonical URL from the public origin and the path, never the first visitor's query", async () => {
    const { t, slug, form, generated } = await setUp();
    const id = (await call("/v1/landing-pages", { key: t.liveKey, body: { ...generated, formId: form.id } })).json.data.id;
    await call(`/v1/landing-pages/${id}/publish`, { key: t.liveKey, method: "POST" });
    const path = `/p/${slug}/product-demo-webinar`;
    const first = await call(`${path}?utm_source=x&ref=attacker.example`);
    expect(first.text).toContain(`<link rel="canonical" href="http://leadedge.test${path}">`);
    expect((await call(path)).text).not.toContain("attacker.example");

    const other = (await call("/v1/landing-pages", { key: t.liveKey, body: { ...generated, slug: "other", formId: form.id } })).json.data;
    await call(`/v1/landing-pages/${other.id}/publish`, { key: t.liveKey, method: "POST" });
    const execution = createExecutionContext();
    const request = new Request(`http://127.0.0.1:8787/p/${slug}/other?ref=attacker.example`);
    const configured = await worker.fetch!(request as never, { ...env, PUBLIC_URL: "https://leads.acme.example/" }, execution);
    await waitOnExecutionContext(execution);
    expect(await configured.text()).toContain(`<link rel="canonical" href="https://leads.acme.example/p/${slug}/other">`);
  });

  it("purges the cached copy on update and unpublish", async () => {
    const { t, slug, form, generated } = await setUp();
    const id = (await call("/v1/landing-pages", { key: t.liveKey, body: { ...generated, formId: form.id } })).json.data.id;
    await call(`/v1/landing-pages/${id}/publish`, { key: t.liveKey, method: "POST" });
    expect((await call(`/p/${slug}/product-demo-webinar`)).text).toContain("<title>Product Demo Webinar</title>");
    // Served again from the cache until the page changes.
    await env.DB.prepare('UPDATE landing_pages SET seo = \'{"title":"Changed behind the API"}\' WHERE id = ?').bind(id).run();
    expect((await call(`/p/${slug}/product-demo-webinar`)).text).toContain("<title>Product Demo Webinar</title>");
    await call(`/v1/landing-pages/${id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { seo: { title: "Join the live demo", metaDescription: "Live" } },
    });
    expect((await call(`/p/${slug}/product-demo-webinar`)).text).toContain("<title>Join the live demo</title>");
    await call(`/v1/landing-pages/${id}/unpublish`, { key: t.liveKey, method: "POST" });
    expect((await call(`/p/${slug}/product-demo-webinar`)).status).toBe(404);
  });

  it("serves a location's copy that no purge reached for at most CACHE_SECONDS, so unpublishing shows everywhere within it", async () => {
    const { t, slug, form, generated } = await setUp();
    const id = (await call("/v1/landing-pages", { key: t.liveKey, body: { ...generated, formId: form.id } })).json.data.id;
    await call(`/v1/landing-pages/${id}/publish`, { key: t.liveKey, method: "POST" });
    const path = `/p/${slug}/product-demo-webinar`;
    const visit = await call(path);
    expect(visit.status).toBe(200);
    expect(visit.headers.get("Cache-Control")).toBe("public, max-age=0, must-revalidate");
    const key = cacheKeyOf(slug, "product-demo-webinar");
    // The copy is kept in the visit's waitUntil.
    const stored = await vi.waitFor(async () => {
      const copy = await caches.default.match(key);
      if (!copy) throw new Error("not cached yet");
      return copy;
    });
    expect(stored.headers.get("Cache-Control")).toBe(`public, max-age=${CACHE_SECONDS}`);
    expect(CACHE_SECONDS).toBeLessThanOrEqual(60);

    // Unpublished at another location: the database changed, this location's copy was not purged.
    await env.DB.prepare("UPDATE landing_pages SET status = 'draft', published_at = NULL WHERE id = ?").bind(id).run();
    const html = await stored.text();
    const copyAged = async (seconds: number) => {
      const headers = new Headers(stored.headers);
      headers.set("X-Leadedge-Cached-At", String(Date.now() - seconds * 1000));
      await caches.default.put(key, new Response(html, { headers }));
    };
    await copyAged(CACHE_SECONDS - 5);
    const lagging = await call(path);
    expect(lagging.status).toBe(200);
    expect(lagging.headers.get("X-Leadedge-Cached-At")).toBeNull();
    await copyAged(CACHE_SECONDS);
    expect((await call(path)).status).toBe(404);
    // A copy without its time is not trusted either.
    await caches.default.put(key, new Response(html, { headers: { "Cache-Control": "public, max-age=60" } }));
    expect((await call(path)).status).toBe(404);
  });

  it("refuses to publish a form section without a form, a taken slug, and test-mode publishing; pages are the tenant's own", async () => {
    const { t, generated } = await setUp();
    const id = (await call("/v1/landing-pages", { key: t.liveKey, body: generated })).json.data.id;
    const noForm = await call(`/v1/landing-pages/${id}/publish`, { key: t.liveKey, method: "POST" });
    expect(noForm.status).toBe(400);
    expect(noForm.json.error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "formId" } });
    const taken = await call("/v1/landing-pages", { key: t.liveKey, body: generated });
    expect(taken.status).toBe(409);
    const badForm = await call("/v1/landing-pages", { key: t.liveKey, body: { ...generated, slug: "other", formId: "pk_nothing" } });
    expect(badForm.json.error.details.field).toBe("formId");
    const testPage = (await call("/v1/landing-pages", { key: t.testKey, body: { name: "Preview", slug: "preview" } })).json.data;
    expect((await call(`/v1/landing-pages/${testPage.id}/publish`, { key: t.testKey, method: "POST" })).status).toBe(400);
    const other = await createTenant();
    for (const [path, method] of [
      [`/v1/landing-pages/${id}`, "GET"],
      [`/v1/landing-pages/${id}`, "DELETE"],
      [`/v1/landing-pages/${id}/publish`, "POST"],
    ] as const) {
      expect((await call(path, { key: other.liveKey, method })).status).toBe(404);
    }
  });
});

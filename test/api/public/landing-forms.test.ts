import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant, type TestTenant } from "../../support/http";

const WORKER = "http://leadedge.test";
const FORM_SECTION = { sectionId: "signup", type: "form", label: "Sign up", visible: true, order: 0, content: { fields: ["email"] } };

async function formFor(t: TestTenant, settings: Record<string, unknown> = {}) {
  const flow = await createFlow(t.liveKey);
  const res = await call("/api/v1/forms", { key: t.liveKey, body: { flow_id: flow.id, name: "Sign-up", ...settings } });
  expect(res.status).toBe(201);
  return { flow, form: res.json };
}

async function pageFor(t: TestTenant, formId: string, slug = "launch") {
  const body = { name: "Launch", slug, sections: [FORM_SECTION], formId };
  const res = await call("/v1/landing-pages", { key: t.liveKey, body });
  expect(res.status).toBe(201);
  return res.json.data as { id: string; slug: string };
}

const publish = (t: TestTenant, pageId: string) => call(`/v1/landing-pages/${pageId}/publish`, { key: t.liveKey, method: "POST" });

/** A visitor's browser sending the page's form: same-origin, so Origin and the page's address as Referer. */
const postFrom = (pageUrl: string | undefined, action: string, origin = WORKER) =>
  call(action, {
    method: "POST",
    rawBody: "email=ada%40acme.example&website=",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "text/html",
      Origin: origin,
      ...(pageUrl ? { Referer: pageUrl } : {}),
    },
  });

const leadsIn = async (flowId: string) =>
  (await env.DB.prepare("SELECT email FROM leads WHERE flow_id = ?").bind(flowId).all<{ email: string }>()).results;

describe("landing pages' forms", () => {
  it("takes a browser's post from the tenant's published page into a form limited to other origins", async () => {
    const t = await createTenant();
    const { flow, form } = await formFor(t, { allowed_origins: ["https://www.acme.example"] });
    const page = await pageFor(t, form.id);
    expect((await publish(t, page.id)).status).toBe(200);
    const pageUrl = `${WORKER}/p/${t.slug}/launch`;
    const visit = await call(`/p/${t.slug}/launch`);
    // The policy under which a browser sends the post's Origin and Referer (no-referrer would send Origin: null and no Referer).
    expect(visit.headers.get("Referrer-Policy")).toBe("same-origin");
    const action = visit.text.match(/<form method="post" action="([^"]+)">/)![1]!;
    expect(action).toBe(`/f/${form.id}`);

    const posted = await postFrom(pageUrl, action);
    expect(posted.status).toBe(200);
    expect(posted.text).toContain("<h1>Thank you</h1>");
    expect(await leadsIn(flow.id)).toEqual([{ email: "ada@acme.example" }]);
  });

  it("still refuses other pages on this origin: another tenant's page, no Referer, a Referer from another site", async () => {
    const t = await createTenant();
    const { flow, form } = await formFor(t, { allowed_origins: ["https://www.acme.example"] });
    await publish(t, (await pageFor(t, form.id)).id);
    const other = await createTenant();
    const otherForm = (await formFor(other)).form;
    await publish(other, (await pageFor(other, otherForm.id)).id);
    for (const [referer, origin] of [
      [`${WORKER}/p/${other.slug}/launch`, WORKER],
      [undefined, WORKER],
      [`${WORKER}/p/${t.slug}/launch`, "https://evil.example"],
      [`https://evil.example/p/${t.slug}/launch`, WORKER],
      [`${WORKER}/p/${t.slug}-x/launch`, WORKER],
    ] as const) {
      const refused = await postFrom(referer, `/f/${form.id}`, origin);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain(`<h1>This form cannot take your entry</h1><p>Origin ${origin} may not post to this form</p>`);
    }
    expect(await leadsIn(flow.id)).toEqual([]);
  });

  it("refuses to publish a page whose form requires Turnstile or redirects off this origin, naming the section and the setting", async () => {
    const t = await createTenant();
    const turnstile = (await formFor(t, { require_turnstile: true })).form;
    const offSite = (await formFor(t, { redirect_url: "https://www.acme.example/thanks" })).form;
    const onSite = (await formFor(t, { redirect_url: `${WORKER}/p/${t.slug}/thanks` })).form;

    const refusedTurnstile = await publish(t, (await pageFor(t, turnstile.id, "turnstile")).id);
    expect(refusedTurnstile.status).toBe(400);
    expect(refusedTurnstile.json.error.details).toEqual({
      field: "formId",
      issue:
        `the form section "signup" posts to form ${turnstile.id}, which requires Turnstile; a landing page (no scripts) ` +
        "cannot show it, so every entry would be refused: set require_turnstile to false on the form, or link another form",
    });
    const refusedRedirect = await publish(t, (await pageFor(t, offSite.id, "off-site")).id);
    expect(refusedRedirect.status).toBe(400);
    expect(refusedRedirect.json.error.details).toEqual({
      field: "formId",
      issue:
        `the form section "signup" posts to form ${offSite.id}, which redirects to https://www.acme.example/thanks; browsers block ` +
        `that after a landing page's post (only ${WORKER} is allowed): set redirect_url to null (a thank-you page) or to a page ` +
        `on ${WORKER} on the form, or link another form`,
    });
    const states = await env.DB.prepare("SELECT slug, status FROM landing_pages WHERE tenant_id = ? ORDER BY slug").bind(t.id).all();
    expect(states.results).toEqual([
      { slug: "off-site", status: "draft" },
      { slug: "turnstile", status: "draft" },
    ]);

    expect((await publish(t, (await pageFor(t, onSite.id, "on-site")).id)).status).toBe(200);
    const posted = await postFrom(`${WORKER}/p/${t.slug}/on-site`, `/f/${onSite.id}`);
    expect(posted.status).toBe(303);
    expect(posted.headers.get("Location")).toBe(`${WORKER}/p/${t.slug}/thanks`);
  });

  it("refuses to save a published page onto a form it could not take entries through", async () => {
    const t = await createTenant();
    const plain = (await formFor(t)).form;
    const turnstile = (await formFor(t, { require_turnstile: true })).form;
    const page = await pageFor(t, plain.id);
    await publish(t, page.id);
    const saved = await call(`/v1/landing-pages/${page.id}`, { key: t.liveKey, method: "PATCH", body: { formId: turnstile.id } });
    expect(saved.status).toBe(400);
    expect(saved.json.error.details).toMatchObject({ field: "formId", issue: expect.stringContaining('the form section "signup"') });
    const row = await env.DB.prepare("SELECT form_id, status FROM landing_pages WHERE id = ?").bind(page.id).first();
    expect(row).toEqual({ form_id: plain.id, status: "published" });
  });

  it("refuses a form change that would break a published page, naming the page, and lets other changes through", async () => {
    const t = await createTenant();
    const { form } = await formFor(t);
    const page = await pageFor(t, form.id);
    await publish(t, page.id);
    const patch = (body: Record<string, unknown>) => call(`/api/v1/forms/${form.id}`, { key: t.liveKey, method: "PATCH", body });

    const turnstile = await patch({ require_turnstile: true });
    expect(turnstile.status).toBe(400);
    expect(turnstile.json.error.details).toEqual([
      {
        field: "require_turnstile",
        code: "used_by_landing_page",
        message:
          `published landing page "launch" (${page.id}) posts to this form, which then requires Turnstile; a landing page ` +
          "(no scripts) cannot show it, so every entry would be refused: unpublish the page or link it to another form first",
      },
    ]);
    const redirect = await patch({ redirect_url: "https://www.acme.example/thanks" });
    expect(redirect.status).toBe(400);
    expect(redirect.json.error.details[0]).toMatchObject({ field: "redirect_url", code: "used_by_landing_page" });
    const row = await env.DB.prepare("SELECT require_turnstile, redirect_url FROM forms WHERE id = ?").bind(form.id).first();
    expect(row).toEqual({ require_turnstile: 0, redirect_url: null });

    expect((await patch({ enabled: false })).status).toBe(200);
    await call(`/v1/landing-pages/${page.id}/unpublish`, { key: t.liveKey, method: "POST" });
    expect((await patch({ require_turnstile: true })).status).toBe(200);
  });

  it("refuses to delete a form a published page posts to, naming the page, and deletes it once the page is unpublished", async () => {
    const t = await createTenant();
    const { form } = await formFor(t);
    const page = await pageFor(t, form.id);
    await publish(t, page.id);
    const remove = () => call(`/api/v1/forms/${form.id}`, { key: t.liveKey, method: "DELETE" });

    const refused = await remove();
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({
      code: "conflict",
      message: `published landing page "launch" (${page.id}) posts to form ${form.id}: unpublish the page or link it to another form first`,
    });
    expect(await env.DB.prepare("SELECT id FROM forms WHERE id = ?").bind(form.id).first()).toEqual({ id: form.id });

    await call(`/v1/landing-pages/${page.id}/unpublish`, { key: t.liveKey, method: "POST" });
    expect((await remove()).status).toBe(200);
    expect(await env.DB.prepare("SELECT id FROM forms WHERE id = ?").bind(form.id).first()).toBeNull();
  });
});

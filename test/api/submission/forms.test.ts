import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant, fetchWith } from "../../support/http";
import { multipartBody } from "../../support/multipart";

async function formFor(key: string, extra: Record<string, unknown> = {}) {
  const flow = await createFlow(key);
  const res = await call("/api/v1/forms", { key, body: { flow_id: flow.id, name: "Sign-up", ...extra } });
  expect(res.status).toBe(201);
  return { flow, form: res.json };
}

const leadsIn = async (flowId: string) =>
  (await env.DB.prepare("SELECT email, first_name, custom_fields FROM leads WHERE flow_id = ?").bind(flowId).all<any>()).results;

describe("public form posts", () => {
  it("manages forms under /api/v1/forms with a publishable key and post URL", async () => {
    const t = await createTenant();
    const { form, flow } = await formFor(t.liveKey, {
      allowed_origins: ["https://www.acme.example/landing"],
      redirect_url: "https://www.acme.example/thanks",
    });
    expect(form).toMatchObject({
      id: expect.stringMatching(/^pk_/),
      flow_id: flow.id,
      allowed_origins: ["https://www.acme.example"],
      honeypot_field: "website",
      post_url: `http://leadedge.test/f/${form.id}`,
    });
    expect(form.publishable_key).toBe(form.id);
    expect((await call("/api/v1/forms", { key: t.liveKey })).json.forms).toHaveLength(1);
    expect((await call(`/api/v1/forms/${form.id}`, { key: t.liveKey, method: "PATCH", body: { name: "Renamed" } })).json.name).toBe(
      "Renamed",
    );
    const other = await createTenant();
    expect((await call(`/api/v1/forms/${form.id}`, { key: other.liveKey })).status).toBe(404);
    expect((await call("/api/v1/forms", { key: other.liveKey, body: { flow_id: flow.id, name: "X" } })).status).toBe(404);
  });

  it("takes urlencoded and multipart posts from HTML forms and redirects to the thank-you page", async () => {
    const t = await createTenant();
    const { form, flow } = await formFor(t.liveKey, {
      redirect_url: "https://www.acme.example/thanks",
      field_mapping: { fname: "first_name" },
    });
    const urlencoded = await call(`/f/${form.id}`, {
      method: "POST",
      rawBody: "fname=Ada&email=ada%40acme.example&plan=pro&website=",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
    });
    expect(urlencoded.status).toBe(303);
    expect(urlencoded.headers.get("Location")).toBe("https://www.acme.example/thanks");
    const multipart = new FormData();
    multipart.set("fname", "Grace");
    multipart.set("email", "grace@acme.example");
    const mp = await call(`/f/${form.id}`, { method: "POST", rawBody: multipart });
    expect(mp.status).toBe(303);
    const rows = await leadsIn(flow.id);
    expect(rows.map((r) => [r.email, r.first_name]).sort()).toEqual([
      ["ada@acme.example", "Ada"],
      ["grace@acme.example", "Grace"],
    ]);
    expect(JSON.parse(rows.find((r) => r.email === "ada@acme.example").custom_fields)).toEqual({ plan: "pro" });
  });

  it("answers JSON callers with JSON, validation errors included, and pages without a thank-you URL with HTML", async () => {
    const t = await createTenant();
    const { form } = await formFor(t.liveKey);
    const ok = await call(`/f/${form.id}`, { body: { email: "json@acme.example" } });
    expect(ok.status).toBe(201);
    expect(ok.json).toEqual({ status: "received", lead_id: expect.stringMatching(/^lead_/), lead_status: "accepted" });
    const bad = await call(`/f/${form.id}`, { body: { email: "not-an-email" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: "validation_failed", details: [{ field: "email", code: "invalid_format" }] });
    const html = await call(`/f/${form.id}`, {
      method: "POST",
      rawBody: "email=bad",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(html.status).toBe(400);
    expect(html.headers.get("Content-Type")).toContain("text/html");
    expect(html.text).toContain("Email format is invalid");
    const thanks = await call(`/f/${form.id}`, {
      method: "POST",
      rawBody: "email=fine%40acme.example",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain("Thank you");
    expect(thanks.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
    expect((await call("/f/pk_unknown", { body: { email: "x@acme.example" } })).status).toBe(404);
  });

  it("drops a post whose honeypot is filled, answering as if it worked", async () => {
    const t = await createTenant();
    const { form, flow } = await formFor(t.liveKey);
    const res = await call(`/f/${form.id}`, { body: { email: "bot@acme.example", website: "http://spam.example" } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ status: "received" });
    expect(await leadsIn(flow.id)).toEqual([]);
  });

  it("follows the form's allowed origins for CORS, preflight included", async () => {
    const t = await createTenant();
    const { form } = await formFor(t.liveKey, { allowed_origins: ["https://www.acme.example"] });
    const pre = await call(`/f/${form.id}`, {
      method: "OPTIONS",
      headers: { Origin: "https://www.acme.example", "Access-Control-Request-Method": "POST" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBe("https://www.acme.example");
    expect(pre.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    const denied = await call(`/f/${form.id}`, { method: "OPTIONS", headers: { Origin: "https://evil.example" } });
    expect(denied.status).toBe(403);
    const post = await call(`/f/${form.id}`, { body: { email: "cors@acme.example" }, headers: { Origin: "https://www.acme.example" } });
    expect(post.headers.get("Access-Control-Allow-Origin")).toBe("https://www.acme.example");
    const evil = await call(`/f/${form.id}`, { body: { email: "cors@acme.example" }, headers: { Origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.json.error.code).toBe("forbidden_origin");
  });

  it("checks Turnstile when the form requires it", async () => {
    const t = await createTenant();
    const { form, flow } = await formFor(t.liveKey, { require_turnstile: true });
    const refused = await call(`/f/${form.id}`, { body: { email: "robot@acme.example", "cf-turnstile-response": "forged" } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details[0]).toMatchObject({ field: "cf-turnstile-response", code: "challenge_failed" });
    const human = await call(`/f/${form.id}`, { body: { email: "human@acme.example", "cf-turnstile-response": "human-token" } });
    expect(human.status).toBe(201);
    expect((await leadsIn(flow.id)).map((r) => r.email)).toEqual(["human@acme.example"]);
  });

  it("refuses posts to a Turnstile form with 503 while TURNSTILE_SECRET is unset", async () => {
    const t = await createTenant();
    const { form, flow } = await formFor(t.liveKey, { require_turnstile: true });
    const body = { email: "robot@acme.example", "cf-turnstile-response": "human-token" };
    const res = await fetchWith({ TURNSTILE_SECRET: undefined } as Partial<Env>, `/f/${form.id}`, t.liveKey, body);
    expect(res.status).toBe(503);
    expect(res.json.error.message).toMatch(/TURNSTILE_SECRET/);
    expect(await leadsIn(flow.id)).toEqual([]);
  });

  it("checks the hostname and action Turnstile answers, and fails an unreadable answer", async () => {
    const t = await createTenant();
    const { form, flow } = await formFor(t.liveKey, { require_turnstile: true, allowed_origins: ["https://www.acme.example"] });
    const post = (token: string) =>
      call(`/f/${form.id}`, {
        body: { email: `${token.length}@acme.example`, "cf-turnstile-response": token },
        headers: { Origin: "https://www.acme.example" },
      });
    for (const token of ["human-token@evil.example", "human-token#form_someone_else", "unreadable-token"]) {
      const res = await post(token);
      expect([token, res.status]).toEqual([token, 400]);
      expect(res.json.error.details[0]).toMatchObject({ field: "cf-turnstile-response", code: "challenge_failed" });
    }
    expect(await leadsIn(flow.id)).toEqual([]);
    expect((await post(`human-token@www.acme.example#${form.id}`)).status).toBe(201);
    expect((await post("human-token")).status).toBe(201);
  });

  it("limits posts per visitor address", async () => {
    const t = await createTenant();
    const { form } = await formFor(t.liveKey);
    const statuses = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await call(`/f/${form.id}`, { body: { email: `v${i}@acme.example` }, headers: { "CF-Connecting-IP": "198.51.100.77" } })).status,
      );
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(
      (await call(`/f/${form.id}`, { body: { email: "other@acme.example" }, headers: { "CF-Connecting-IP": "198.51.100.78" } })).status,
    ).toBe(201);
  });

  it("limits IPv6 visitors per /64, so new addresses from one prefix share the limit", async () => {
    const t = await createTenant();
    const { form } = await formFor(t.liveKey);
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const ip = `2001:db8:aa:bb:${(i + 1).toString(16)}::${i + 7}`;
      statuses.push((await call(`/f/${form.id}`, { body: { email: `v${i}@acme.example` }, headers: { "CF-Connecting-IP": ip } })).status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const neighbour = await call(`/f/${form.id}`, {
      body: { email: "other@acme.example" },
      headers: { "CF-Connecting-IP": "2001:db8:aa:bc::1" },
    });
    expect(neighbour.status).toBe(201);
  });

  it("reads multipart bodies as sent on the wire, and names the body when one is malformed", async () => {
    const t = await createTenant();
    const { form, flow } = await formFor(t.liveKey);
    const send = ({ body, type }: { body: string; type: string }) =>
      call(`/f/${form.id}`, { method: "POST", rawBody: body, headers: { "Content-Type": type, Accept: "application/json" } });

    const ok = await send(multipartBody({ email: "wire@acme.example", first_name: "Wire" }));
    expect(ok.status).toBe(201);
    expect((await leadsIn(flow.id)).map((r) => [r.email, r.first_name])).toEqual([["wire@acme.example", "Wire"]]);

    for (const damage of ["no closing boundary", "other boundary", "no boundary parameter"] as const) {
      const bad = await send(multipartBody({ email: "x@acme.example" }, damage));
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({
        code: "validation_failed",
        message: expect.stringMatching(/^The request body is not well-formed multipart\/form-data/),
        details: [{ field: "body", code: "malformed" }],
      });
    }
    const badUrlencoded = await call(`/f/${form.id}`, {
      method: "POST",
      rawBody: "email=%E0%A4%A",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    });
    expect(badUrlencoded.status).toBeLessThan(500);
    const badJson = await call(`/f/${form.id}`, { method: "POST", rawBody: '{"email":', headers: { "Content-Type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect(badJson.json.error).toMatchObject({ code: "validation_failed", details: [{ field: "body", code: "invalid_json" }] });
    expect(await leadsIn(flow.id)).toHaveLength(1);
  });

  it("tells a browser why its post was refused, in words that fit the reason", async () => {
    const t = await createTenant();
    const { form } = await formFor(t.liveKey);
    const post = (email: string) =>
      call(`/f/${form.id}`, {
        method: "POST",
        rawBody: `email=${encodeURIComponent(email)}`,
        headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": "198.51.100.90" },
      });
    const invalid = await post("not-an-email");
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain("<title>Please check your entry</title>");
    for (let i = 0; i < 9; i++) expect((await post(`b${i}@acme.example`)).status).toBe(200);
    const limited = await post("late@acme.example");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(limited.text).toContain("<title>Please wait a minute</title>");
    expect(limited.text).not.toContain("correct it");
    const gone = await call("/f/pk_unknown", {
      method: "POST",
      rawBody: "email=x%40acme.example",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(gone.status).toBe(404);
    expect(gone.text).toContain("<title>This form is closed</title>");
  });
});

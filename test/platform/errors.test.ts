import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../src/platform/app-env";
import { onError } from "../../src/platform/error-handler";
import { ApiError } from "../../src/platform/errors";
import { requestContext } from "../../src/platform/request-id";
import { expectErrorDialect } from "../support/dialects";
import { admin, call, createTenant } from "../support/http";

describe("errors in each family's dialect", () => {
  it("answers malformed JSON with 400 and the parser's reason", async () => {
    const t = await createTenant();
    const gen = await call("/v1/sites", {
      key: t.liveKey,
      rawBody: '{"name": ',
      headers: { "Content-Type": "application/json" },
      method: "POST",
    });
    expect(gen.status).toBe(400);
    expectErrorDialect("generation", gen.json, "invalid_request");
    expect(gen.json.error.message).toMatch(/^Malformed JSON in request body/);
    expect(gen.json.error.details.field).toBe("body");
    const sub = await admin("/admin/tenants", { rawBody: "nope", headers: { "Content-Type": "application/json" }, method: "POST" });
    expect(sub.status).toBe(400);
    expect(sub.json.error).toMatchObject({ code: "validation_failed", details: [{ field: "body", code: "invalid_json" }] });
  });

  it("answers an empty JSON body with 400 naming the body", async () => {
    const t = await createTenant();
    const res = await call("/v1/sites", { key: t.liveKey, method: "POST", headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "body" } });
  });

  it("answers another content type with 415", async () => {
    const t = await createTenant();
    const res = await call("/v1/sites", {
      key: t.liveKey,
      rawBody: "name=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      method: "POST",
    });
    expect(res.status).toBe(415);
    expectErrorDialect("generation", res.json, "unsupported_media_type");
  });

  it("answers a body over 1 MiB with 413 before reading it", async () => {
    const t = await createTenant();
    const big = JSON.stringify({ name: "x".repeat(1024 * 1024), url: "https://x.example" });
    const res = await call("/v1/sites", { key: t.liveKey, rawBody: big, headers: { "Content-Type": "application/json" }, method: "POST" });
    expect(res.status).toBe(413);
    expectErrorDialect("generation", res.json, "payload_too_large");
    const scoring = await call("/v1/leads/analyze", {
      key: t.liveKey,
      rawBody: big,
      headers: { "Content-Type": "application/json" },
      method: "POST",
    });
    expect(scoring.status).toBe(413);
    expectErrorDialect("scoring", scoring.json, "payload_too_large");
  });

  it("refuses an oversized body with 413 before parsing it, however it arrives, and stops reading it", async () => {
    const t = await createTenant();
    const unterminated = `{"name": "${"x".repeat(1_100_000)}`;
    const malformed = await call("/v1/sites", {
      key: t.liveKey,
      rawBody: unterminated,
      headers: { "Content-Type": "application/json" },
      method: "POST",
    });
    expect([malformed.status, malformed.json.error.details]).toEqual([413, { field: "body", issue: "At most 1048576 bytes" }]);
    const adminPost = await admin("/admin/tenants", { body: { name: "x".repeat(1_100_000), plan: "starter" } });
    expect([adminPost.status, adminPost.json.error.details[0].field]).toEqual([413, "body"]);
    const form = await call("/f/pk_unknown", {
      method: "POST",
      rawBody: `email=${"x".repeat(1_100_000)}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    });
    expect(form.status).toBe(413);

    // Chunked, with no Content-Length: 50 MiB on offer, and reading stops soon after the limit.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const streamed = await call("/v1/leads/analyze", {
      key: t.liveKey,
      rawBody: endless,
      headers: { "Content-Type": "application/json" },
      method: "POST",
    });
    expect(streamed.status).toBe(413);
    expectErrorDialect("scoring", streamed.json, "payload_too_large");
    expect(pulled).toBeLessThan(4 * 1024 * 1024);

    // A prospect import may be up to 10 MiB: 2 MiB of CSV is read, 11 MiB is not.
    const header = "company,domain,email,title\n";
    const rows = (n: number) =>
      header + Array.from({ length: n }, (_, i) => `Co ${i},co${i}.example,pat${i}@co${i}.example,CTO`).join("\n");
    const twoMiB = rows(40_000);
    expect(twoMiB.length).toBeGreaterThan(2 * 1024 * 1024);
    const imported = await call("/api/agents/sales/prospects/import", {
      key: t.liveKey,
      rawBody: twoMiB,
      headers: { "Content-Type": "text/csv" },
      method: "POST",
    });
    // Read and parsed, not refused for its size: the refusal is about its 40,000 rows.
    expect([imported.status, imported.json.error.details]).toEqual([
      400,
      { field: "rows", issue: "at most 10000 rows per import; this one has 40000" },
    ]);
    const tooBig = await call("/api/agents/sales/prospects/import", {
      key: t.liveKey,
      rawBody: `${header}${"x".repeat(11 * 1024 * 1024)}`,
      headers: { "Content-Type": "text/csv" },
      method: "POST",
    });
    expect(tooBig.status).toBe(413);
    expectErrorDialect("agents", tooBig.json, "payload_too_large");
  });

  it("answers unknown routes with 404 in the dialect of the path", async () => {
    const t = await createTenant();
    const cases = [
      ["/api/v1/nothing-here", "submission"],
      ["/v1/leads/lead_x/nothing", "scoring"],
      ["/v1/sites/site_x/nothing", "generation"],
      ["/api/agents/sales/nothing", "agents"],
    ] as const;
    for (const [path, dialect] of cases) {
      const res = await call(path, { key: t.liveKey });
      expect(res.status).toBe(404);
      expectErrorDialect(dialect, res.json, "not_found");
    }
    const publicMiss = await call("/nothing");
    expect(publicMiss.status).toBe(404);
    expect(publicMiss.json.error.code).toBe("not_found");
  });

  it("answers a known path with the wrong method with 405 and Allow", async () => {
    const t = await createTenant();
    const res = await call("/v1/sites", { key: t.liveKey, method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("POST, GET");
    expectErrorDialect("generation", res.json, "method_not_allowed");
    const one = await call("/v1/sites/site_x", { key: t.liveKey, method: "POST" });
    expect(one.headers.get("Allow")).toBe("GET, PATCH, DELETE");
    const adminMethod = await admin("/admin/tenants", { method: "DELETE" });
    expect(adminMethod.status).toBe(405);
    expect(adminMethod.json.error.code).toBe("method_not_allowed");
  });

  it("logs an unexpected exception with the request id and answers 500 without internals", async () => {
    const app = new Hono<AppEnv>();
    app.use("*", requestContext);
    app.get("/api/v1/boom", () => {
      throw new Error("secret database detail");
    });
    app.get("/api/agents/sales/boom", () => {
      throw new Error("secret");
    });
    app.onError(onError);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await app.request("/api/v1/boom");
    expect(res.status).toBe(500);
    const body = await res.json<any>();
    const requestId = res.headers.get("X-Request-Id");
    expect(body.error).toMatchObject({ code: "internal_error", request_id: requestId });
    expect(JSON.stringify(body)).not.toContain("secret");
    expect(log.mock.calls[0]![0]).toContain(requestId);
    const agents = await app.request("/api/agents/sales/boom");
    expect(((await agents.json()) as any).error.code).toBe("SYSTEM_ERROR");
    log.mockRestore();
  });

  it("keeps the caller's X-Request-Id when it is sane", async () => {
    const res = await call("/healthz", { headers: { "X-Request-Id": "trace-abc.123" } });
    expect(res.headers.get("X-Request-Id")).toBe("trace-abc.123");
    const insane = await call("/healthz", { headers: { "X-Request-Id": "<script>" } });
    expect(insane.headers.get("X-Request-Id")).toMatch(/^req_/);
  });

  it("renders ApiError field issues in the scoring dialect as { field, reason }", async () => {
    const { renderError } = await import("../../src/platform/render-error");
    const body = renderError(ApiError.invalidField("email", "required", "Missing required field: email"), "scoring", "req_1");
    expect(body).toEqual({
      status: "error",
      error: { code: "invalid_request", message: "Missing required field: email", details: { field: "email", reason: "required" } },
    });
  });

  it("says a missing field is required in the scoring dialect, as the seed does, whatever the field", async () => {
    const t = await createTenant();
    const res = await call("/v1/leads/analyze", { key: t.liveKey, body: {} });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual({ field: "leads", reason: "required" });
  });
});

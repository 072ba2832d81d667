import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/app";
import { call } from "../support/http";

// Routes that are not API operations: the document itself and the HTML page that renders it.
const UNDOCUMENTED = new Set(["/openapi.json", "/docs"]);

describe("/openapi.json", () => {
  it("is OpenAPI 3.1 with security schemes and tags", async () => {
    const res = await call("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    expect(Object.keys(res.json.components.securitySchemes).sort()).toEqual(["adminToken", "apiKey"]);
    const tagNames = res.json.tags.map((t: { name: string }) => t.name);
    for (const operation of Object.values(res.json.paths).flatMap((p: any) => Object.values(p)) as any[]) {
      expect(operation.tags.every((t: string) => tagNames.includes(t))).toBe(true);
      expect(operation.operationId).toEqual(expect.any(String));
      expect(operation.security).toBeDefined();
      // The health check and the open pixel answer every request they route with a 200.
      if (!["getHealth", "trackOpen"].includes(operation.operationId))
        expect(Object.keys(operation.responses).some((s) => s.startsWith("4"))).toBe(true);
      const succeeds = operation.operationId === "trackClick" ? "3" : "2";
      expect(Object.keys(operation.responses).some((s) => s.startsWith(succeeds))).toBe(true);
    }
  });

  it("lists every route the app serves, with its method", async () => {
    const doc = (await call("/openapi.json")).json;
    const served = buildApp()
      .routes.filter((r) => r.method !== "ALL" && !UNDOCUMENTED.has(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m} ${path}`));
    expect(new Set(served)).toEqual(new Set(documented));
    expect(served.length).toBeGreaterThan(15);
  });

  it("has no two operations of one method that could match the same URL", async () => {
    const doc = (await call("/openapi.json")).json;
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((method) => ({ method, segments: path.split("/") })),
    );
    // `/v1/models/settings` beside `/v1/models/{id}` is fine (the literal is more specific); paths
    // that are each more specific somewhere, like `/a/{x}/b` and `/a/c/{y}`, are not.
    const param = (s: string) => s.startsWith("{");
    const overlap = (a: string[], b: string[]) => {
      if (a.length !== b.length || !a.every((s, i) => s === b[i] || param(s) || param(b[i]!))) return false;
      const aMoreSpecific = a.some((s, i) => !param(s) && param(b[i]!));
      const bMoreSpecific = b.some((s, i) => !param(s) && param(a[i]!));
      return aMoreSpecific === bMoreSpecific;
    };
    const ambiguous = operations.flatMap((a, i) =>
      operations
        .slice(i + 1)
        .filter((b) => a.method === b.method && overlap(a.segments, b.segments))
        .map((b) => `${a.method} ${a.segments.join("/")} ~ ${b.segments.join("/")}`),
    );
    expect(ambiguous).toEqual([]);
  });

  it("serves a Scalar reference page at /docs with security headers", async () => {
    const res = await call("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.text).toContain("/openapi.json");
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    // Everything from this origin: the script is a static asset, and nothing names a CDN.
    expect(res.text).toContain('src="/docs/scalar.js"');
    expect(`${res.text} ${res.headers.get("Content-Security-Policy")}`).not.toMatch(/https:\/\/(cdn\.jsdelivr\.net|fonts\.scalar\.com)/);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("sends CORS headers on public routes only", async () => {
    const preflight = await call("/openapi.json", {
      method: "OPTIONS",
      headers: { Origin: "https://docs.example", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const api = await call("/v1/sites", { headers: { Origin: "https://evil.example" } });
    expect(api.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("seed examples in the document", () => {
  it("carries the lead submission seed's request bodies as examples", async () => {
    const { SEED_BATCH, SEED_SUBMIT_LEAD, SEED_SETTINGS } = await import("../../src/api/submission/leads/seed-examples");
    const doc = (await call("/openapi.json")).json;
    const example = (path: string, method: string) => doc.paths[path][method].requestBody.content["application/json"].example;
    expect(example("/api/v1/flows/{flow_id}/leads", "post")).toEqual(SEED_SUBMIT_LEAD);
    expect(example("/api/v1/flows/{flow_id}/leads/batch", "post")).toEqual(SEED_BATCH);
    expect(example("/api/v1/flows/{flow_id}/settings", "put")).toEqual(SEED_SETTINGS);
  });
});

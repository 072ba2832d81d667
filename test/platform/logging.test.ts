import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { createTenant } from "../support/http";

/** A request through the Worker with LOG_LEVEL set (the suite runs at warn), and the JSON lines it logged. */
async function logged(path: string, logLevel: string, key?: string) {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "info").mockImplementation((line: string) => void lines.push(line));
  const execution = createExecutionContext();
  const request = new Request(`http://leadedge.test${path}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const response = await worker.fetch!(
    request as Request<unknown, IncomingRequestCfProperties>,
    { ...env, LOG_LEVEL: logLevel },
    execution,
  );
  await waitOnExecutionContext(execution);
  spy.mockRestore();
  return { response, lines: lines.map((line) => JSON.parse(line)) };
}

afterEach(() => vi.restoreAllMocks());

describe("structured request logs", () => {
  it("writes one JSON line per request with its request id, tenant id and route pattern", async () => {
    const t = await createTenant();
    const { response, lines } = await logged("/api/v1/leads/lead_doesnotexist", "info", t.liveKey);
    expect(response.status).toBe(404);
    expect(lines).toEqual([
      {
        level: "info",
        message: "request",
        request_id: response.headers.get("X-Request-Id"),
        tenant_id: t.id,
        route: "/api/v1/leads/:lead_id",
        method: "GET",
        status: 404,
        duration_ms: expect.any(Number),
      },
    ]);
  });

  it("names no tenant before a key is known, and no route for an unknown path", async () => {
    const { response, lines } = await logged("/api/v1/nowhere", "info");
    expect(lines).toEqual([
      {
        level: "info",
        message: "request",
        request_id: response.headers.get("X-Request-Id"),
        method: "GET",
        status: 401,
        duration_ms: expect.any(Number),
      },
    ]);
  });

  it("writes no request line at LOG_LEVEL warn", async () => {
    const { response, lines } = await logged("/healthz", "warn");
    expect(response.status).toBe(200);
    expect(lines).toEqual([]);
  });
});

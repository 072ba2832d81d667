import { describe, expect, it } from "vitest";
import { call } from "../../support/http";

describe("system routes", () => {
  it("answers /healthz with a request id and CORS for browsers", async () => {
    const res = await call("/healthz", { headers: { Origin: "https://example.com" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
    expect(res.headers.get("X-Request-Id")).toMatch(/^req_[0-9a-z]{26}$/);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });
});

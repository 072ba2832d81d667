import { expect } from "vitest";

export type Dialect = "submission" | "scoring" | "generation" | "agents";

/** One authenticated GET path per family; the middleware answers before any route is chosen. */
export const FAMILY_PATHS: Record<Dialect, string> = {
  submission: "/api/v1/account",
  scoring: "/v1/leads/lead_does_not_matter",
  generation: "/v1/sites",
  agents: "/api/agents/sales/leadGeneration/status/cmd_does_not_matter",
};

/** Asserts a body is an error in the given family's envelope and returns its code. */
export function expectErrorDialect(dialect: Dialect, body: any, code: string): void {
  switch (dialect) {
    case "submission":
      expect(body).toEqual({
        error: { code, message: expect.any(String), details: expect.any(Array), request_id: expect.stringMatching(/^req_/) },
      });
      break;
    case "scoring":
      expect(body).toMatchObject({ status: "error", error: { code, message: expect.any(String) } });
      expect(Object.keys(body)).toEqual(["status", "error"]);
      break;
    case "generation":
    case "agents":
      expect(body).toMatchObject({ success: false, error: { code: code.toUpperCase(), message: expect.any(String) } });
      expect(Object.keys(body)).toEqual(["success", "error"]);
      break;
  }
}

export const DIALECTS = Object.keys(FAMILY_PATHS) as Dialect[];

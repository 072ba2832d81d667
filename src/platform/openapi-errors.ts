import { z } from "@hono/zod-openapi";
import type { Family } from "./families";

const FieldIssue = z.object({
  field: z.string().openapi({ example: "email" }),
  code: z.string().openapi({ example: "invalid_format" }),
  message: z.string().openapi({ example: "Email format is invalid" }),
  position: z
    .number()
    .int()
    .optional()
    .openapi({ description: "For an expression: the character offset of the problem in the field's value", example: 12 }),
});

export const SubmissionError = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string().openapi({ example: "Request validation failed" }),
      details: z.array(FieldIssue),
      request_id: z.string().openapi({ example: "req_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    }),
  })
  .openapi("SubmissionError", {
    description: "Error body of the lead submission & campaigns family and of the operator and public routes.",
  });

export const ScoringError = z
  .object({
    status: z.literal("error"),
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string().openapi({ example: "Missing required field: email" }),
      details: z
        .object({ field: z.string(), reason: z.string() })
        .passthrough()
        .optional()
        .openapi({ example: { field: "email", reason: "required" } }),
    }),
  })
  .openapi("ScoringError", { description: "Error body of the scoring family (/v1/leads, /v1/webhooks, /v1/models)." });

export const SuccessFlagError = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.string().openapi({ example: "INVALID_REQUEST" }),
      message: z.string().openapi({ example: "Invalid request parameters" }),
      details: z
        .object({ field: z.string(), issue: z.string() })
        .passthrough()
        .optional()
        .openapi({ example: { field: "leadGenData.targetAudience", issue: "targetAudience object is required" } }),
    }),
  })
  .openapi("SuccessFlagError", { description: "Error body of the generation & config and lead-generation agent families." });

const SCHEMA_OF: Record<Family, z.ZodType> = {
  submission: SubmissionError,
  operators: SubmissionError,
  public: SubmissionError,
  scoring: ScoringError,
  generation: SuccessFlagError,
  agents: SuccessFlagError,
};

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid request: the details name each field and the reason",
  401: "Missing, malformed, unknown, revoked or expired credentials",
  403: "The API key lacks the scope for this request",
  404: "No such resource for this tenant",
  409: "Conflict, or a request with the same Idempotency-Key still in flight",
  413: "Body over the size limit: 1 MiB, or 10 MiB for a prospect import",
  415: "Body is not application/json",
  422: "Idempotency-Key reused with a different request",
  429: "Rate limit exceeded; see Retry-After",
  503: "Service not available",
};

/** The documented error answers of a route, in its family's envelope. */
export function errorResponses(family: Family, statuses: number[], descriptions: Record<number, string> = {}) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? DESCRIPTIONS[status] ?? "Error",
        content: { "application/json": { schema: SCHEMA_OF[family] } },
      },
    ]),
  );
}

/** The error answers every authenticated tenant route can give. */
export const TENANT_ROUTE_ERRORS = [400, 401, 403, 429];

/**
 * What the middleware app.ts mounts can answer on any route it guards, whatever the route itself
 * does: every body is size-limited (413, a DELETE's too), a write's is JSON-only (415, 400 for
 * malformed JSON), and every tenant POST takes Idempotency-Key (400 for a bad key, 409 while in
 * flight, 422 when reused, 503 where the deployment has no EMAIL_SECRET to keep answers with).
 */
export function middlewareErrors(family: Family, method: string): number[] {
  if (family === "public" || !["POST", "PUT", "PATCH", "DELETE"].includes(method)) return [];
  if (method === "DELETE") return [413];
  const body = [400, 413, 415];
  return family !== "operators" && method === "POST" ? [...body, 409, 422, 503] : body;
}

import type { Family } from "./families";

/**
 * The one closed catalogue of error codes. Each family renders a code in its own dialect
 * (render-error.ts); `dialects` holds the spellings a seed fixes for its family.
 */
export const errorCatalogue = {
  invalid_request: { status: 400, message: "The request is invalid", dialects: { submission: "validation_failed" } },
  invalid_json: {
    status: 400,
    message: "The request body is not valid JSON",
    dialects: { submission: "validation_failed", scoring: "invalid_request", generation: "INVALID_REQUEST", agents: "INVALID_REQUEST" },
  },
  malformed_body: {
    status: 400,
    message: "The request body cannot be read as its Content-Type says",
    dialects: { submission: "validation_failed", scoring: "invalid_request", generation: "INVALID_REQUEST", agents: "INVALID_REQUEST" },
  },
  unauthorized: { status: 401, message: "A valid API key is required" },
  insufficient_scope: { status: 403, message: "The API key lacks the scope this request needs" },
  ip_not_allowed: { status: 403, message: "The API key may not be used from this address" },
  forbidden_origin: { status: 403, message: "This origin may not post to the form" },
  not_found: { status: 404, message: "The resource does not exist" },
  site_not_found: { status: 404, message: "The specified site does not exist" },
  user_not_found: { status: 404, message: "The specified user does not exist" },
  method_not_allowed: { status: 405, message: "The method is not allowed on this path" },
  conflict: { status: 409, message: "The request conflicts with the current state of the resource" },
  idempotency_key_in_use: { status: 409, message: "A request with this Idempotency-Key is still being processed" },
  payload_too_large: { status: 413, message: "The request body is too large" },
  unsupported_media_type: { status: 415, message: "The request body must be application/json" },
  idempotency_key_mismatch: { status: 422, message: "This Idempotency-Key was used with a different request" },
  insufficient_data: { status: 422, message: "Not enough information to generate quality leads" },
  rate_limited: { status: 429, message: "Rate limit exceeded" },
  quota_exceeded: { status: 429, message: "Your lead generation quota has been exceeded" },
  internal_error: { status: 500, message: "An unexpected error occurred", dialects: { agents: "SYSTEM_ERROR" } },
  service_unavailable: { status: 503, message: "The service is not available" },
} as const satisfies Record<string, { status: number; message: string; dialects?: Partial<Record<Family, string>> }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** One problem with one part of the request: which field, a machine code, and a sentence. */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
  /** Character offset in the field's value, for expressions. */
  position?: number;
}

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly issues: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? errorCatalogue[code].message);
    this.status = errorCatalogue[code].status;
  }

  static invalidField(field: string, code: string, message: string): ApiError {
    return new ApiError("invalid_request", message, [{ field, code, message }]);
  }
}

import type { Context, ErrorHandler, Hono, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./app-env";
import { isJsonType } from "./body";
import { ApiError, type ErrorCode } from "./errors";
import { familyOf } from "./families";
import { errorFields, log } from "./log";
import { renderError } from "./render-error";
import { requestLogFields } from "./request-id";

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  401: "unauthorized",
  403: "insufficient_scope",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "service_unavailable",
};

function toApiError(error: unknown, c: Context<AppEnv>): ApiError {
  if (error instanceof ApiError) return error;
  // Hono's validator throws this for a body it cannot parse as the Content-Type it came with.
  if (error instanceof HTTPException && error.status === 400) {
    const type = c.req.header("Content-Type") ?? "";
    if (type === "" || isJsonType(type)) {
      return new ApiError("invalid_json", "The request body must be a JSON object", [
        { field: "body", code: "invalid_json", message: error.message },
      ]);
    }
    const message = `The request body is not well-formed ${type.split(";")[0]!.trim().toLowerCase()}: ${error.message}`;
    return new ApiError("malformed_body", message, [{ field: "body", code: "malformed", message }]);
  }
  // The OpenAPI validator's media-type gate: a body of a type the route does not declare.
  if (error instanceof HTTPException && error.status === 415) {
    const type = c.req.header("Content-Type") || "(none)";
    const message = `Content-Type ${type} is not accepted here; /openapi.json lists the body types of each operation`;
    return new ApiError("unsupported_media_type", message, [{ field: "Content-Type", code: "unsupported", message }]);
  }
  if (error instanceof HTTPException && HTTP_STATUS_CODES[error.status]) {
    return new ApiError(HTTP_STATUS_CODES[error.status] as ErrorCode, error.message || undefined);
  }
  log("error", "unexpected error", { ...requestLogFields(c), path: c.req.path, ...errorFields(error) });
  return new ApiError("internal_error", `An unexpected error occurred; quote request id ${c.get("requestId")} to support`);
}

export function respondWithError(c: Context<AppEnv>, error: ApiError): Response {
  const requestId = c.get("requestId") ?? "unknown";
  const family = c.get("family") ?? familyOf(c.req.path);
  const headers = new Headers(error.headers);
  headers.set("X-Request-Id", requestId);
  return c.json(renderError(error, family, requestId), error.status as 400, Object.fromEntries(headers));
}

export const onError: ErrorHandler<AppEnv> = (error, c) => respondWithError(c, toApiError(error, c));

function pathPattern(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/**
 * Unknown paths are 404 and known paths with another method are 405 (with Allow), both in the
 * family's dialect. The route table is read once, after every router is mounted.
 */
export function notFoundHandler(app: Hono<AppEnv>): NotFoundHandler<AppEnv> {
  let table: { pattern: RegExp; method: string }[] | undefined;
  return (c) => {
    table ??= app.routes.filter((r) => r.method !== "ALL").map((r) => ({ pattern: pathPattern(r.path), method: r.method }));
    const allowed = [...new Set(table.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method))];
    if (allowed.length > 0) {
      return respondWithError(
        c,
        new ApiError("method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allowed.join(", ")}`, [], {
          Allow: allowed.join(", "),
        }),
      );
    }
    return respondWithError(c, new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}`));
  };
}

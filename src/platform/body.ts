import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 1024 * 1024;
/** Imports (thousands of CSV rows) may be larger. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** The paths that take a CSV body (`text/csv`) as well as JSON. */
export const CSV_PATHS = new Set(["/api/agents/sales/prospects/import"]);

const limitTo = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("payload_too_large", `The request body exceeds ${maxSize} bytes`, [
        { field: "body", code: "too_large", message: `At most ${maxSize} bytes` },
      ]);
    },
  });
const limitApiBody = limitTo(MAX_BODY_BYTES);
const limitImportBody = limitTo(MAX_IMPORT_BYTES);

/** Bodies over 1 MiB (10 MiB for imports) are refused with 413 before anything reads them. */
export const limitBody = createMiddleware<AppEnv>((c, next) =>
  CSV_PATHS.has(c.req.path) ? limitImportBody(c, next) : limitApiBody(c, next),
);

const JSON_TYPE = /^application\/([\w.+-]*\+)?json(\s*;|$)/i;

/** Whether a Content-Type header names JSON (`application/json`, `application/problem+json; charset=…`). */
export const isJsonType = (type: string) => JSON_TYPE.test(type);
const CSV_TYPE = /^text\/csv(\s*;|$)/i;

function hasBody(headers: { header(name: string): string | undefined }): boolean {
  const length = headers.header("Content-Length");
  return (length !== undefined && length !== "0") || headers.header("Transfer-Encoding") !== undefined;
}

/**
 * API bodies are JSON: another content type is 415 and malformed JSON is 400 in the family's
 * dialect, with the parser's reason. The parsed text stays cached on the request for the validator.
 */
export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (!["POST", "PUT", "PATCH"].includes(c.req.method) || !hasBody(c.req)) return next();
  const type = c.req.header("Content-Type") ?? "";
  if (CSV_TYPE.test(type) && CSV_PATHS.has(c.req.path)) return next();
  if (!isJsonType(type)) {
    throw new ApiError("unsupported_media_type", `Content-Type ${type || "(none)"} is not supported: send application/json`, [
      { field: "Content-Type", code: "unsupported", message: "Expected application/json" },
    ]);
  }
  try {
    JSON.parse(await c.req.text());
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unparseable";
    throw new ApiError("invalid_json", `Malformed JSON in request body: ${reason}`, [
      { field: "body", code: "invalid_json", message: reason },
    ]);
  }
  await next();
});

import { type ApiError, errorCatalogue } from "./errors";
import type { Family } from "./families";

/** Operator and public routes speak the submission dialect (DESIGN.md). */
function dialectOf(family: Family): Family {
  return family === "operators" || family === "public" ? "submission" : family;
}

function dialectCode(error: ApiError, family: Family): string {
  const entry = errorCatalogue[error.code];
  const override = "dialects" in entry ? (entry.dialects as Partial<Record<Family, string>>)[dialectOf(family)] : undefined;
  if (override) return override;
  return family === "generation" || family === "agents" ? error.code.toUpperCase() : error.code;
}

// The scoring seed's word for a field that is missing (`"reason": "required"`).
const reasonOf = (code: string) => (code === "missing_required" ? "required" : code);

/** `{ field, <reasonKey> }` for the first issue, with the whole list when there is more than one. */
function detailObject(error: ApiError, reasonKey: "reason" | "issue") {
  const [first, ...rest] = error.issues;
  if (!first) return undefined;
  const detail: Record<string, unknown> = {
    field: first.field,
    [reasonKey]: reasonKey === "reason" ? reasonOf(first.code) : first.message,
  };
  if (rest.length > 0) {
    detail.errors = error.issues.map((i) => ({
      field: i.field,
      [reasonKey]: reasonKey === "reason" ? reasonOf(i.code) : i.message,
      message: i.message,
    }));
  }
  return detail;
}

/** Renders an error into the envelope of the path family it happened in. */
export function renderError(error: ApiError, family: Family, requestId: string): Record<string, unknown> {
  const code = dialectCode(error, family);
  switch (family) {
    case "scoring":
      return { status: "error", error: { code, message: error.message, ...withDetails(detailObject(error, "reason")) } };
    case "generation":
    case "agents":
      return { success: false, error: { code, message: error.message, ...withDetails(detailObject(error, "issue")) } };
    case "submission":
    case "operators":
    case "public":
      return { error: { code, message: error.message, details: error.issues, request_id: requestId } };
  }
}

function withDetails(details: Record<string, unknown> | undefined) {
  return details ? { details } : {};
}

import type { Context } from "hono";
import type { ZodError } from "zod";
import { ApiError, type FieldIssue } from "./errors";

type Issue = ZodError["issues"][number];
type Path = readonly PropertyKey[];

export function fieldName(path: Path): string {
  return path.reduce<string>((name, key) => {
    if (typeof key === "number") return `${name}[${key}]`;
    return name ? `${name}.${String(key)}` : String(key);
  }, "");
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function issueCode(issue: Issue, input: unknown): string {
  const absent = valueAt(input, issue.path) === undefined;
  if (absent && issue.code !== "custom" && issue.code !== "unrecognized_keys") return "missing_required";
  switch (issue.code) {
    case "invalid_type":
      return "invalid_type";
    case "invalid_format":
      return "invalid_format";
    case "too_big":
      return issue.origin === "number" || issue.origin === "bigint" ? "too_large" : "too_long";
    case "too_small":
      return issue.origin === "number" || issue.origin === "bigint" ? "too_small" : "too_short";
    case "unrecognized_keys":
      return "unknown_field";
    case "custom":
      return typeof issue.params?.code === "string" ? issue.params.code : "invalid_value";
    default:
      return "invalid_value";
  }
}

/** Turns zod's issues into field issues: which field, a stable code, and a sentence. */
export function toFieldIssues(error: ZodError, input: unknown, prefix: Path = []): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const code = issueCode(issue, input);
    const field = fieldName(path) || "body";
    const message = code === "missing_required" ? `${field} is required` : issue.message;
    return { field, code, message };
  });
}

export function validationError(issues: FieldIssue[], summary = "Request validation failed"): ApiError {
  const [first] = issues;
  const message =
    issues.length === 1 && first
      ? first.code === "missing_required"
        ? `Missing required field: ${first.field}`
        : `Invalid field ${first.field}: ${first.message}`
      : summary;
  return new ApiError("invalid_request", message, issues);
}

/** What the validator saw for a target, so a missing field can be told from a mistyped one. */
async function targetInput(c: Context, target: string): Promise<unknown> {
  switch (target) {
    case "json":
      return c.req.json().catch(() => undefined);
    case "query":
      return c.req.query();
    case "param":
      return c.req.param();
    case "header":
      return c.req.header();
    default:
      return undefined;
  }
}

/** The defaultHook of every router: validation failures become one ApiError, in every family. */
export async function throwOnInvalid(result: { target: string; success: boolean; error?: ZodError }, c: Context) {
  if (result.success || !result.error) return;
  const input = await targetInput(c, result.target);
  throw validationError(toFieldIssues(result.error, input));
}

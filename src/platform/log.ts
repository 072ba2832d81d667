// One JSON object per line, so Workers Logs indexes every field (`request_id`, `tenant_id`, `route`…)
// and a query can filter on them. Every log line of the Worker goes through `log`.

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a line can say about where it comes from; any other field may ride along. */
export interface LogFields {
  /** The request's X-Request-Id, on every line written while serving a request. */
  request_id?: string;
  /** The calling tenant, once the API key is known; a job's tenant where it has one. */
  tenant_id?: string;
  /** The route pattern that served the request (`/api/v1/flows/:flow_id/leads`), not the raw path. */
  route?: string;
  /** A background job, Workflow or handler that is not a request. */
  job?: string;
  [field: string]: unknown;
}

const CONSOLE: Record<LogLevel, (line: string) => void> = {
  debug: (line) => console.debug(line),
  info: (line) => console.info(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/** Writes `message` with its fields as one JSON line, if `level` is at or above `threshold`. */
export function log(level: LogLevel, message: string, fields: LogFields = {}, threshold: LogLevel = "debug"): void {
  if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(threshold)) return;
  CONSOLE[level](JSON.stringify({ level, message, ...fields }));
}

/** A thrown value as log fields: its text and, for an Error, the stack. */
export function errorFields(error: unknown): LogFields {
  return { error: String(error), stack: error instanceof Error ? error.stack : undefined };
}

import type { FlowStep } from "../../db/json/flows";

/** A recipient step's settings: where and how a lead is posted, and how the answer is read. */
export interface RecipientSettings {
  url: string;
  method: "POST" | "PUT";
  encoding: "json" | "form";
  /** Header values are secrets (API keys of the buyer): stored, never shown back. */
  headers: Record<string, string>;
  /** Target field -> template such as "{{lead.first_name}} {{lead.last_name}}"; absent: every lead field as is. */
  field_mapping: Record<string, string> | null;
  response: {
    /** A dotted path in a JSON answer and the value that means the lead was taken. */
    json_path?: string;
    json_value?: string | number | boolean;
    /** Text an answer must contain to mean the lead was taken. */
    text_match?: string;
  };
  /** Consecutive errors (not failures) after which the recipient is paused. */
  max_consecutive_errors: number;
}

export const MASKED = "••••••";

export function recipientSettings(step: FlowStep): RecipientSettings {
  const s = step.settings as Partial<RecipientSettings>;
  return {
    url: String(s.url ?? ""),
    method: s.method === "PUT" ? "PUT" : "POST",
    encoding: s.encoding === "form" ? "form" : "json",
    headers: s.headers ?? {},
    field_mapping: s.field_mapping ?? null,
    response: s.response ?? {},
    max_consecutive_errors: typeof s.max_consecutive_errors === "number" ? s.max_consecutive_errors : 5,
  };
}

/** Fills each `{{lead.<field>}}` in a template; a field the lead lacks becomes empty text. */
export function fillTemplate(template: string, lead: Record<string, unknown>): string {
  return template.replace(/\{\{\s*lead\.([\w.-]+)\s*\}\}/g, (_, field: string) => {
    const value = lead[field];
    return value === undefined || value === null ? "" : String(value);
  });
}

export function mapFields(settings: RecipientSettings, lead: Record<string, unknown>): Record<string, unknown> {
  if (!settings.field_mapping) return lead;
  return Object.fromEntries(Object.entries(settings.field_mapping).map(([target, template]) => [target, fillTemplate(template, lead)]));
}

export function encodeBody(settings: RecipientSettings, fields: Record<string, unknown>): { body: string; contentType: string } {
  if (settings.encoding === "json") return { body: JSON.stringify(fields), contentType: "application/json" };
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined && value !== null) form.set(name, typeof value === "object" ? JSON.stringify(value) : String(value));
  return { body: form.toString(), contentType: "application/x-www-form-urlencoded" };
}

export type RecipientOutcome = "success" | "failure" | "error";

/**
 * How LeadConduit reads a recipient's answer: `error` when it could not take the lead now (no
 * answer, 5xx, 429), retried; `failure` when it answered and refused (4xx, or the success test
 * did not match), never retried; `success` otherwise.
 */
export function judgeResponse(
  settings: RecipientSettings,
  status: number | null,
  text: string,
): { outcome: RecipientOutcome; reason: string | null } {
  if (status === null) return { outcome: "error", reason: "no answer" };
  if (status >= 500 || status === 429) return { outcome: "error", reason: `HTTP ${status}` };
  if (status < 200 || status >= 300) return { outcome: "failure", reason: `HTTP ${status}` };
  const { json_path, json_value, text_match } = settings.response;
  if (json_path !== undefined) {
    let value: unknown;
    try {
      value = json_path
        .split(".")
        .reduce<unknown>(
          (node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
          JSON.parse(text),
        );
    } catch {
      return { outcome: "failure", reason: "answer is not JSON" };
    }
    if (value !== json_value) return { outcome: "failure", reason: `${json_path} was ${JSON.stringify(value ?? null)}` };
  }
  if (text_match !== undefined && !text.includes(text_match))
    return { outcome: "failure", reason: `answer does not contain "${text_match}"` };
  return { outcome: "success", reason: null };
}

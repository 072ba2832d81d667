import type { Lead, Sender } from "../../db/schema";
import { ApiError } from "../../platform/errors";
import { escapeHtml } from "../../platform/html";
import { NUMBER_FIELDS, TEXT_FIELDS } from "../intake/lead-fields";
import { leadData } from "../leads/lead-data";

// `{{lead.first_name}}`, `{{lead.custom.plan}}`, `{{sender.name}}`, each with an optional fallback:
// `{{lead.first_name | "there"}}`. Templates are checked when they are saved, so an unknown field
// is the caller's 400 then, and rendering never shows a raw `{{…}}`.

const TAG = /\{\{\s*([a-z_]+)\.([a-z0-9_.]+)\s*(?:\|\s*"([^"]*)"\s*)?\}\}/gi;
const ANY_TAG = /\{\{[^}]*\}\}/g;

const LEAD_FIELDS = new Set<string>([...TEXT_FIELDS, ...NUMBER_FIELDS]);
// `email` is the from address under the name campaign templates document; `from_email` is the same.
export const SENDER_FIELDS = ["name", "email", "from_email", "from_name", "reply_to", "signature"] as const;
const SENDER = new Set<string>(SENDER_FIELDS);

// What a template without its own fallback shows for an empty field: words that read naturally.
const DEFAULT_FALLBACK: Record<string, string> = { "lead.first_name": "there", "lead.company": "your team" };

export interface MergeValues {
  lead: Record<string, string>;
  sender: Record<string, string>;
}

/** Why a tag cannot merge, or null when it can. */
function problemOf(scope: string, name: string): string | null {
  if (scope === "sender") return SENDER.has(name) ? null : `sender has no field '${name}' (known: ${SENDER_FIELDS.join(", ")})`;
  if (scope !== "lead") return `'${scope}' is not a merge scope (use lead or sender)`;
  if (name.startsWith("custom.") && name.length > "custom.".length) return null;
  if (LEAD_FIELDS.has(name)) return null;
  return `lead has no standard field '${name}'; a custom field merges as {{lead.custom.${name}}}`;
}

/** The first tag of the template that cannot merge and why (`{{tag}}: reason`), or null when every tag merges. */
export function templateProblem(template: string): string | null {
  for (const raw of template.match(ANY_TAG) ?? []) {
    TAG.lastIndex = 0;
    const tag = TAG.exec(raw);
    const problem =
      tag && tag[0] === raw
        ? problemOf(tag[1]!.toLowerCase(), tag[2]!.toLowerCase())
        : 'is not of the form {{lead.field}} or {{lead.field | "fallback"}}';
    if (problem) return `${raw}: ${problem}`;
  }
  return null;
}

/** Refuses a template with a tag that cannot merge, naming the field and the tag. */
export function checkTemplate(field: string, template: string): void {
  const problem = templateProblem(template);
  if (problem) throw ApiError.invalidField(field, "unknown_merge_field", problem);
}

/**
 * Every tag replaced: its value, else its fallback, else the default word or nothing. In an HTML
 * template (`html`) the merged text is escaped: a lead's fields are data, never markup.
 */
export function renderTemplate(template: string, values: MergeValues, { html = false } = {}): string {
  const merged = (text: string) => (html ? escapeHtml(text) : text);
  return template
    .replace(TAG, (_, scope: string, name: string, fallback: string | undefined) => {
      const key = `${scope.toLowerCase()}.${name.toLowerCase()}`;
      const value =
        scope.toLowerCase() === "lead"
          ? values.lead[name.toLowerCase()]
          : scope.toLowerCase() === "sender"
            ? values.sender[name.toLowerCase()]
            : undefined;
      return merged(value || (fallback ?? DEFAULT_FALLBACK[key] ?? ""));
    })
    .replace(ANY_TAG, "");
}

/** The merge values of a lead (standard fields, then custom fields as `custom.<name>`) and its sender. */
export function mergeValues(
  lead: Lead,
  sender: Pick<Sender, "name" | "fromEmail" | "fromName" | "replyTo" | "signature"> | null,
): MergeValues {
  const data = leadData(lead);
  const leadValues: Record<string, string> = {};
  for (const [name, value] of Object.entries(data)) {
    if (value === null || value === undefined || typeof value === "object") continue;
    leadValues[LEAD_FIELDS.has(name) ? name : `custom.${name.toLowerCase()}`] = String(value);
  }
  leadValues.first_name ??= lead.name?.split(" ")[0] ?? "";
  leadValues.name ??= [lead.firstName, lead.lastName].filter(Boolean).join(" ");
  return {
    lead: leadValues,
    sender: {
      name: sender?.name ?? "",
      email: sender?.fromEmail ?? "",
      from_email: sender?.fromEmail ?? "",
      from_name: sender?.fromName ?? sender?.name ?? "",
      reply_to: sender?.replyTo ?? "",
      signature: sender?.signature ?? "",
    },
  };
}

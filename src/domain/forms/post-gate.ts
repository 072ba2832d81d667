import { ApiError } from "../../platform/errors";
import { visitorKey } from "../../platform/visitor-key";
import type { Ctx } from "../context";
import { originAllowed, type PostSource, publicForm } from "./receive-post";

/** A visitor's post is let through to its form: limited per visitor address (an IPv6 one by its /64) and per form, then only from the form's origins. */
export async function admitFormPost(
  ctx: Ctx,
  formId: string,
  visitor: { ip: string; origin: string | undefined; source: PostSource },
): ReturnType<typeof publicForm> {
  const [perIp, perForm] = await Promise.all([
    ctx.env.FORM_POSTS_PER_IP.limit({ key: `${formId}:${visitorKey(visitor.ip)}` }),
    ctx.env.FORM_POSTS_PER_FORM.limit({ key: formId }),
  ]);
  if (!perIp.success || !perForm.success)
    throw new ApiError("rate_limited", "Too many entries; please wait a minute", [], { "Retry-After": "60" });
  return formForOrigin(ctx, formId, visitor.origin, visitor.source);
}

/** The form a page on `origin` may post to: forbidden_origin when its origins exclude it. */
export async function formForOrigin(
  ctx: Ctx,
  formId: string,
  origin: string | undefined,
  source?: PostSource,
): ReturnType<typeof publicForm> {
  const target = await publicForm(ctx, formId);
  if (!originAllowed(target, origin, source)) throw new ApiError("forbidden_origin", `Origin ${origin} may not post to this form`);
  return target;
}

/** A form entry as the lead's fields: strings, numbers and booleans as text; other values are dropped. */
export function entryFields(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw ApiError.invalidField("body", "invalid_type", "The form entry must be a set of fields");
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") fields[name] = String(value);
  }
  return fields;
}

import { eq } from "drizzle-orm";
import { type Form, forms, tenants } from "../../db/schema";
import { configOf } from "../../platform/config";
import { ApiError } from "../../platform/errors";
import type { Ctx, TenantCtx } from "../context";
import { submitLead } from "../intake/submit";

const TURNSTILE_FIELD = "cf-turnstile-response";

/** The form behind a public post, whoever its tenant: 404 when unknown or switched off. */
export async function publicForm(ctx: Ctx, formId: string): Promise<{ form: Form; tenantCtx: TenantCtx }> {
  const [row] = await ctx.db
    .select({ form: forms, tenant: tenants })
    .from(forms)
    .innerJoin(tenants, eq(forms.tenantId, tenants.id))
    .where(eq(forms.id, formId))
    .limit(1);
  if (!row || !row.form.enabled) throw new ApiError("not_found", "This form does not exist or no longer takes entries");
  const { form, tenant } = row;
  return {
    form,
    tenantCtx: { ...ctx, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, plan: tenant.plan }, testMode: form.testMode },
  };
}

/** Whether a page on `origin` may post to the form (no list: any page may). */
export function originAllowed(form: Form, origin: string | undefined): boolean {
  return !origin || form.allowedOrigins.length === 0 || form.allowedOrigins.includes(origin);
}

async function turnstilePassed(ctx: Ctx, token: string | undefined, ip: string | undefined): Promise<boolean> {
  const secret = configOf(ctx.env).turnstileSecret;
  if (!secret) return true;
  if (!token) return false;
  const body = new URLSearchParams({ secret, response: token, ...(ip ? { remoteip: ip } : {}) });
  const res = await ctx.fetch("https://challenges.cloudflare.com/turnstile/v0/siteverify", {
    method: "POST",
    body,
    signal: AbortSignal.timeout(5_000),
  });
  return ((await res.json()) as { success?: boolean }).success === true;
}

export type FormPostResult = { kind: "dropped" } | { kind: "submitted"; leadId: string; status: string };

/**
 * A visitor's form entry becomes a lead in the form's flow. Fields keep their names unless the
 * form maps them; the honeypot and Turnstile fields and names starting with "_" are not lead data.
 * A filled honeypot is a bot: answered as a success, stored nowhere.
 */
export async function receiveFormPost(
  target: Awaited<ReturnType<typeof publicForm>>,
  fields: Record<string, string>,
  visitor: { ip?: string },
): Promise<FormPostResult> {
  const { form, tenantCtx: ctx } = target;
  if (fields[form.honeypotField]) return { kind: "dropped" };
  if (form.requireTurnstile && !(await turnstilePassed(ctx, fields[TURNSTILE_FIELD], visitor.ip))) {
    throw ApiError.invalidField(TURNSTILE_FIELD, "challenge_failed", "The human check did not pass; please try again");
  }
  const lead: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === form.honeypotField || name === TURNSTILE_FIELD || name.startsWith("_")) continue;
    lead[form.fieldMapping[name] ?? name] = value;
  }
  const { recorded } = await submitLead(ctx, form.flowId, { lead }, { async: true });
  return { kind: "submitted", leadId: recorded.lead.id, status: recorded.lead.status };
}

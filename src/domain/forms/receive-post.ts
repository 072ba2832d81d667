import { eq } from "drizzle-orm";
import { type Form, forms, tenants } from "../../db/schema";
import { configOf } from "../../platform/config";
import { ApiError } from "../../platform/errors";
import { guardedFetch } from "../../platform/guarded-fetch";
import { type Ctx, type TenantCtx, timed } from "../context";
import { submitLead } from "../intake/submit";
import { formCache } from "./form-cache";

const TURNSTILE_FIELD = "cf-turnstile-response";

type PublicForm = { form: Form; tenantCtx: TenantCtx };

/** The form behind a public post, whoever its tenant: 404 when unknown or switched off. */
export async function publicForm(ctx: Ctx, formId: string): Promise<PublicForm> {
  const { form, tenant } = await timed(ctx, "form", () =>
    formCache.get(formId, async () => {
      const [row] = await ctx.db
        .select({ form: forms, tenant: tenants })
        .from(forms)
        .innerJoin(tenants, eq(forms.tenantId, tenants.id))
        .where(eq(forms.id, formId))
        .limit(1);
      if (!row) throw formGone();
      return row;
    }),
  );
  if (!form.enabled) throw formGone();
  return {
    form,
    tenantCtx: {
      ...ctx,
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, plan: tenant.plan, sendingDomains: tenant.sendingDomains },
      testMode: form.testMode,
    },
  };
}

const formGone = () => new ApiError("not_found", "This form does not exist or no longer takes entries");

/** Where a post came from: the origin it reached this Worker on, and the page's address its browser sent. */
export interface PostSource {
  requestOrigin: string;
  referer?: string;
}

/**
 * Whether a page on `origin` may post to the form (no list: any page may), the form's tenant's own
 * landing pages included. Every tenant's pages share this Worker's origin, so the Referer's path
 * (/p/{tenant slug}/…) says whose page posted: a browser sets it and the pages run no scripts, so
 * another tenant's page cannot claim it, as it could copy a hidden field's value.
 */
export function originAllowed(target: PublicForm, origin: string | undefined, source?: PostSource): boolean {
  const { form, tenantCtx } = target;
  if (!origin || form.allowedOrigins.length === 0 || form.allowedOrigins.includes(origin)) return true;
  if (origin !== source?.requestOrigin || !source.referer || !URL.canParse(source.referer)) return false;
  const page = new URL(source.referer);
  return page.origin === origin && page.pathname.startsWith(`/p/${tenantCtx.tenant.slug}/`);
}

/**
 * The hostnames a Turnstile token may have been solved on: the post's origin (already checked
 * against the form's origins), else the form's origins, else any (a form open to every page).
 */
function expectedHostnames(form: Form, origin: string | undefined): string[] | null {
  const origins = origin ? [origin] : form.allowedOrigins;
  if (origins.length === 0) return null;
  return origins.flatMap((o) => (URL.canParse(o) ? [new URL(o).hostname] : []));
}

/**
 * Whether Turnstile vouches for the visitor: a success, solved on an expected hostname, for no
 * action or for this form's id (a widget with data-action set to the form id). An answer that is
 * not a readable JSON object, or a failed call, is a failure.
 */
async function turnstilePassed(ctx: Ctx, form: Form, token: string | undefined, visitor: FormVisitor): Promise<boolean> {
  const secret = configOf(ctx.env).turnstileSecret;
  if (!secret) {
    throw new ApiError(
      "service_unavailable",
      "This form requires Turnstile, but TURNSTILE_SECRET is not set; entries are refused until it is",
    );
  }
  if (!token) return false;
  const body = new URLSearchParams({ secret, response: token, ...(visitor.ip ? { remoteip: visitor.ip } : {}) });
  let answer: { success?: unknown; hostname?: unknown; action?: unknown };
  try {
    const res = await guardedFetch(
      ctx,
      "https://challenges.cloudflare.com/turnstile/v0/siteverify",
      { method: "POST", body },
      { timeoutMs: 5_000, maxBytes: 16 * 1024, fixedHost: true },
    );
    if (!res.ok) return false;
    answer = await res.json();
  } catch {
    return false;
  }
  if (!answer || typeof answer !== "object" || answer.success !== true) return false;
  const hostnames = expectedHostnames(form, visitor.origin);
  if (hostnames && !hostnames.includes(String(answer.hostname))) return false;
  return answer.action === undefined || answer.action === "" || answer.action === form.id;
}

export interface FormVisitor {
  ip?: string;
  origin?: string;
  /** Leadedge's own origin, as the post reached it: where notification emails' and triggered sequences' links point without PUBLIC_URL. */
  requestOrigin?: string;
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
  visitor: FormVisitor,
): Promise<FormPostResult> {
  const { form, tenantCtx: ctx } = target;
  if (fields[form.honeypotField]) return { kind: "dropped" };
  if (form.requireTurnstile && !(await turnstilePassed(ctx, form, fields[TURNSTILE_FIELD], visitor))) {
    throw ApiError.invalidField(TURNSTILE_FIELD, "challenge_failed", "The human check did not pass; please try again");
  }
  const lead: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === form.honeypotField || name === TURNSTILE_FIELD || name.startsWith("_")) continue;
    lead[form.fieldMapping[name] ?? name] = value;
  }
  const { recorded } = await submitLead(ctx, form.flowId, { lead }, { async: true, formId: form.id, requestOrigin: visitor.requestOrigin });
  return { kind: "submitted", leadId: recorded.lead.id, status: recorded.lead.status };
}

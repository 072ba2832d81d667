import { and, desc, eq } from "drizzle-orm";
import { type Form, forms } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { getFlow } from "../flows/flows";
import { checkFormChange, checkFormDeletion, pagesOrigin } from "../landing-pages/page-forms";
import { deleteOwned, findOwned } from "../owned";
import { forgetForms } from "./form-cache";

export interface FormInput {
  flow_id: string;
  name: string;
  allowed_origins?: string[];
  redirect_url?: string | null;
  honeypot_field?: string;
  require_turnstile?: boolean;
  field_mapping?: Record<string, string>;
  enabled?: boolean;
}

export async function createForm(ctx: TenantCtx, input: FormInput): Promise<Form> {
  await getFlow(ctx, input.flow_id);
  const at = ctx.now.toISOString();
  const form: Form = {
    id: newId("pk", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    flowId: input.flow_id,
    name: input.name,
    allowedOrigins: input.allowed_origins ?? [],
    redirectUrl: input.redirect_url ?? null,
    honeypotField: input.honeypot_field ?? "website",
    requireTurnstile: input.require_turnstile ?? false,
    fieldMapping: input.field_mapping ?? {},
    enabled: input.enabled ?? true,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.db.insert(forms).values(form);
  return form;
}

export function getForm(ctx: TenantCtx, formId: string): Promise<Form> {
  return findOwned(ctx, forms, formId, "Form");
}

export async function listForms(ctx: TenantCtx): Promise<Form[]> {
  return ctx.db.select().from(forms).where(ownedBy(forms, ctx)).orderBy(desc(forms.createdAt));
}

/** Changes a form; a change that would make a published landing page's form lose its entries is refused. */
export async function updateForm(ctx: TenantCtx, formId: string, change: Partial<FormInput>, requestOrigin: string): Promise<Form> {
  const form = await getForm(ctx, formId);
  if (change.flow_id) await getFlow(ctx, change.flow_id);
  const set = {
    ...(change.flow_id !== undefined ? { flowId: change.flow_id } : {}),
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.allowed_origins !== undefined ? { allowedOrigins: change.allowed_origins } : {}),
    ...(change.redirect_url !== undefined ? { redirectUrl: change.redirect_url } : {}),
    ...(change.honeypot_field !== undefined ? { honeypotField: change.honeypot_field } : {}),
    ...(change.require_turnstile !== undefined ? { requireTurnstile: change.require_turnstile } : {}),
    ...(change.field_mapping !== undefined ? { fieldMapping: change.field_mapping } : {}),
    ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
    updatedAt: ctx.now.toISOString(),
  };
  // Only these two settings can break a page, so any other change (switching the form off) goes through.
  if (change.require_turnstile !== undefined || change.redirect_url !== undefined)
    await checkFormChange(ctx, { ...form, ...set }, pagesOrigin(ctx, requestOrigin));
  const [updated] = await ctx.db
    .update(forms)
    .set(set)
    .where(and(ownedBy(forms, ctx), eq(forms.id, formId)))
    .returning();
  if (!updated) throw new ApiError("not_found", `Form ${formId} does not exist`);
  forgetForms((target) => target.form.id === formId);
  return updated;
}

/** Deletes a form; one a published landing page posts to is refused (409), naming the page. */
export async function deleteForm(ctx: TenantCtx, formId: string): Promise<void> {
  await checkFormDeletion(ctx, formId);
  await deleteOwned(ctx, forms, formId, "Form");
  forgetForms((target) => target.form.id === formId);
}

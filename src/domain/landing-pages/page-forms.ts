import { and, eq } from "drizzle-orm";
import { type Form, type LandingPageRow, landingPages } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { ApiError } from "../../platform/errors";
import type { Ctx, TenantCtx } from "../context";

/** The form section a page draws: its first visible one. */
export const formSectionOf = (sections: Record<string, unknown>[]) => sections.find((s) => s.type === "form" && s.visible !== false);

/** Where visitors load landing pages, so where their forms may lead: PUBLIC_URL, else the request's origin. */
export const pagesOrigin = (ctx: Ctx, requestOrigin: string) => new URL(configOf(ctx.env).email.publicUrl ?? requestOrigin).origin;

/**
 * Why a landing page's form would take no entry, or null. The page's CSP runs no scripts, so no
 * Turnstile widget can give a token; and it lets a form go only to this Worker, a rule Chrome applies
 * to the 303 to the thank-you page as well: the lead is kept, but the visitor sees an error.
 */
function blocker(form: Form, origin: string): { setting: string; why: string; fix: string } | null {
  if (form.requireTurnstile)
    return {
      setting: "require_turnstile",
      why: "requires Turnstile; a landing page (no scripts) cannot show it, so every entry would be refused",
      fix: "set require_turnstile to false",
    };
  if (form.redirectUrl && new URL(form.redirectUrl).origin !== origin)
    return {
      setting: "redirect_url",
      why: `redirects to ${form.redirectUrl}; browsers block that after a landing page's post (only ${origin} is allowed)`,
      fix: `set redirect_url to null (a thank-you page) or to a page on ${origin}`,
    };
  return null;
}

/** Refuses to publish (or keep published) a page whose form section would lose its entries. */
export function checkPageForm(page: LandingPageRow, form: Form | null, origin: string): void {
  const section = formSectionOf(page.sections);
  if (!section) return;
  if (!form)
    throw ApiError.invalidField("formId", "missing_required", "the page has a form section: link it to a form (formId) before publishing");
  const found = blocker(form, origin);
  if (!found) return;
  const name = String(section.sectionId ?? "form-1");
  const message = `the form section "${name}" posts to form ${form.id}, which ${found.why}: ${found.fix} on the form, or link another form`;
  throw ApiError.invalidField("formId", `form_${found.setting}`, message);
}

/** A published page whose form section posts to this form, if there is one. */
async function publishedPageUsing(ctx: TenantCtx, formId: string): Promise<LandingPageRow | undefined> {
  const published = await ctx.db
    .select()
    .from(landingPages)
    .where(and(ownedBy(landingPages, ctx), eq(landingPages.formId, formId), eq(landingPages.status, "published")));
  return published.find((p) => formSectionOf(p.sections));
}

const pageName = (page: LandingPageRow) => `published landing page "${page.slug}" (${page.id})`;

/** Refuses a form change that would make a published page's form lose its entries, naming the page. */
export async function checkFormChange(ctx: TenantCtx, form: Form, origin: string): Promise<void> {
  const found = blocker(form, origin);
  if (!found) return;
  const page = await publishedPageUsing(ctx, form.id);
  if (!page) return;
  const message = `${pageName(page)} posts to this form, which then ${found.why}: unpublish the page or link it to another form first`;
  throw ApiError.invalidField(found.setting, "used_by_landing_page", message);
}

/** Refuses to delete a form a published page posts to: the page would go on showing, with no form to take entries. */
export async function checkFormDeletion(ctx: TenantCtx, formId: string): Promise<void> {
  const page = await publishedPageUsing(ctx, formId);
  if (!page) return;
  throw new ApiError("conflict", `${pageName(page)} posts to form ${formId}: unpublish the page or link it to another form first`);
}

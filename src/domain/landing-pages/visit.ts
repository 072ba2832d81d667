import { ApiError } from "../../platform/errors";
import type { Ctx } from "../context";
import { getForm } from "../forms/forms";
import { publishedPage } from "./pages";
import { renderPage } from "./render";

// Published pages are cached at the edge for this long; an update purges the copy at once.
export const CACHE_SECONDS = 300;

/** The HTML a visitor of a published page gets, with its form when it has one; not_found for no published page. */
export async function publishedPageHtml(ctx: Ctx, tenantSlug: string, slug: string, url: string): Promise<string> {
  const page = await publishedPage(ctx, tenantSlug, slug);
  if (!page) throw new ApiError("not_found", `No published page ${slug}`);
  const owner = { ...ctx, tenant: { id: page.tenantId, slug: tenantSlug, name: "", plan: "starter" as const }, testMode: page.testMode };
  const form = page.formId ? await getForm(owner, page.formId).catch(() => null) : null;
  return renderPage(page, form ? { id: form.id, honeypotField: form.honeypotField } : null, url);
}

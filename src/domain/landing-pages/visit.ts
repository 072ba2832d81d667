import { configOf } from "../../platform/config";
import { ApiError } from "../../platform/errors";
import type { Ctx } from "../context";
import { getForm } from "../forms/forms";
import { publishedPage } from "./pages";
import { renderPage } from "./render";

/**
 * The bound on a stale page: a location's cached copy is served for at most this long. An update,
 * unpublish or delete purges the copy at the location that made it at once; other locations
 * (which a purge does not reach) show the change within this many seconds.
 */
export const CACHE_SECONDS = 60;

/**
 * The HTML a visitor of a published page gets, with its form when it has one; not_found for no
 * published page. Its canonical link is the deployment's public origin (PUBLIC_URL, else the
 * request's origin) and the page's path: the page is cached for every visitor, so nothing of one
 * visitor's request (a query string) may go into it.
 */
export async function publishedPageHtml(ctx: Ctx, tenantSlug: string, slug: string, requestOrigin: string): Promise<string> {
  const found = await publishedPage(ctx, tenantSlug, slug);
  if (!found) throw new ApiError("not_found", `No published page ${slug}`);
  const { page, tenantName } = found;
  const owner = {
    ...ctx,
    tenant: { id: page.tenantId, slug: tenantSlug, name: tenantName, plan: "starter" as const, sendingDomains: [] },
    testMode: page.testMode,
  };
  const form = page.formId ? await getForm(owner, page.formId).catch(() => null) : null;
  const origin = configOf(ctx.env).email.publicUrl ?? requestOrigin;
  const canonical = `${origin}/p/${encodeURIComponent(tenantSlug)}/${encodeURIComponent(slug)}`;
  return renderPage(page, form ? { id: form.id, honeypotField: form.honeypotField } : null, canonical, tenantName);
}

import type { Form, Tenant } from "../../db/schema";
import { IsolateCache } from "../../platform/isolate-cache";

// Public forms by id, with their tenant: a changed or switched-off form applies within
// ISOLATE_CACHE_TTL_MS in other isolates, at once in this one.
export const formCache = new IsolateCache<{ form: Form; tenant: Tenant }>();

/** After changing a form or its tenant here, this isolate stops using what it kept. */
export function forgetForms(matches: (target: { form: Form; tenant: Tenant }) => boolean): void {
  formCache.forget(matches);
}

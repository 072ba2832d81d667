import { errorFields, log } from "../../platform/log";
import { type DomainFilter, parseDomainFilter } from "./domain-filter";
import { FREE_MAIL_ADDITIONS, FREE_MAIL_ADDITIONS_SOURCE } from "./lists/free-mail-additions";
import { FREE_MAIL_DOMAINS, FREE_MAIL_SOURCE } from "./lists/free-mail-domains";

/** Where the Worker's static assets hold the disposable-domain table (scripts/email-lists.mjs). */
export const DISPOSABLE_ASSET = "/reference/disposable-domains.bin";

/** The reference lists an email check reads, each with the list and version it came from. */
export interface EmailLists {
  /** null when the table could not be loaded: no address is then called disposable, and the check says so. */
  disposable: DomainFilter | null;
  /** The list that names the domain as free mail, or null when none does. */
  freeMail(domain: string): string | null;
}

/** The list that names a domain as free mail, or null: in the bundle, so it needs no loading. */
export const freeMailListOf = (domain: string): string | null =>
  FREE_MAIL_DOMAINS.has(domain) ? FREE_MAIL_SOURCE : FREE_MAIL_ADDITIONS.has(domain) ? FREE_MAIL_ADDITIONS_SOURCE : null;
let loaded: Promise<EmailLists> | undefined;

async function load(assets: Fetcher): Promise<EmailLists> {
  const res = await assets.fetch(`https://assets.invalid${DISPOSABLE_ASSET}`);
  if (!res.ok) throw new Error(`${DISPOSABLE_ASSET}: ${res.status}`);
  return { disposable: parseDomainFilter(await res.arrayBuffer()), freeMail: freeMailListOf };
}

/**
 * The lists, loaded once per isolate (about 1 MB read from the Worker's own static assets, never a
 * remote store) and kept for every later request. A failed load is not cached: the next request
 * tries again, and until then checks run without the disposable list and record that.
 */
export function emailLists(env: { ASSETS: Fetcher }): Promise<EmailLists> {
  loaded ??= load(env.ASSETS).catch((error) => {
    loaded = undefined;
    log("error", "disposable-domain table unavailable", errorFields(error));
    return { disposable: null, freeMail: freeMailListOf };
  });
  return loaded;
}

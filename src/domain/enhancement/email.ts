import type { EmailLists } from "./email-lists";
import { ROLE_LOCAL_PARTS } from "./lists/role-local-parts";
import { TYPO_TARGETS } from "./lists/typo-targets";

export interface EmailCheck {
  /** Normalised: trimmed, domain lower-cased; the local part is kept as sent (it may be case-sensitive). */
  address: string;
  domain: string;
  is_disposable: boolean;
  is_role: boolean;
  is_free: boolean;
  /** The full corrected address when the domain looks like a typo of a common provider. */
  suggestion: string | null;
  /**
   * Which lists, at which version, decided: `disposable` is the table consulted (null when it was not
   * loaded), `free_mail` the list that names the domain as free mail (null when none does).
   */
  sources: { disposable: string | null; free_mail: string | null };
}

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
// RFC 5322 atext plus dots; quoted local parts and IP-literal domains are left out: real leads never use them.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
// Letters include non-ASCII so internationalised domains pass as typed, without punycode.
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TLD = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;

function validDomain(domain: string): boolean {
  const labels = domain.split(".");
  const tld = labels.at(-1) ?? "";
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TLD.test(tld);
}

/** The domain or any parent of it is listed, so "x.mailinator.com" counts as mailinator. */
function listedWithParents(list: { has(domain: string): boolean }, domain: string): boolean {
  const labels = domain.split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    if (list.has(labels.slice(i).join("."))) return true;
  }
  return false;
}

function isRole(local: string): boolean {
  const mailbox = local.split("+")[0] ?? local;
  return ROLE_LOCAL_PARTS.has(mailbox.toLowerCase().replace(/[._-]/g, ""));
}

/**
 * Edit distance counting a swap of neighbouring characters as one edit (optimal string alignment),
 * since "gmial" is the typical slip and plain Levenshtein would count it as two.
 */
function editDistance(a: string, b: string): number {
  // Three rolling rows (i - 2, i - 1, i) of the (a.length + 1) × (b.length + 1) table.
  let before = new Uint16Array(b.length + 1);
  let previous = Uint16Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length] ?? 0;
}

/**
 * Closest common provider within reach, or null. Short domains allow one edit only: two edits away
 * from "aol.com" lies half of all three-letter company domains.
 */
function typoTarget(domain: string): string | null {
  let best: { target: string; distance: number } | null = null;
  for (const target of TYPO_TARGETS) {
    const reach = Math.min(domain.length, target.length) < 9 ? 1 : 2;
    // The distance is at least the difference in length: most company domains end here.
    if (Math.abs(domain.length - target.length) > reach) continue;
    const distance = editDistance(domain, target);
    if (distance > 0 && distance <= reach && (!best || distance < best.distance)) best = { target, distance };
  }
  return best?.target ?? null;
}

/**
 * Checks an email address's form and what its parts say about it against the maintained lists
 * (`emailLists(env)`); null when it is not an address.
 */
export function checkEmail(raw: string, lists: EmailLists): EmailCheck | null {
  const trimmed = raw.trim();
  const parts = trimmed.split("@");
  if (parts.length !== 2) return null;
  const [local = "", rawDomain = ""] = parts;
  const domain = rawDomain.toLowerCase();
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS || local.length > MAX_LOCAL) return null;
  if (!LOCAL_PART.test(local) || !validDomain(domain)) return null;

  const is_disposable = lists.disposable !== null && listedWithParents(lists.disposable, domain);
  const freeMailSource = lists.freeMail(domain);
  const is_free = freeMailSource !== null;
  const target = is_disposable || is_free ? null : typoTarget(domain);
  return {
    address,
    domain,
    is_disposable,
    is_role: isRole(local),
    is_free,
    suggestion: target ? `${local}@${target}` : null,
    sources: { disposable: lists.disposable?.source ?? null, free_mail: freeMailSource },
  };
}

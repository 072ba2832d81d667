import type { Lead } from "../../db/schema";

/**
 * Which of the tenant's leads an analyzed record is, if any. Email decides first (the seed requires
 * one); then an explicit `id` (or `lead_id`) naming a lead of the tenant; then the phone, but only
 * when it is the one identifier there is (the known lead has no email that could tell two people
 * apart), the names agree, and the number belongs to one person: a made-up number such as the seed's
 * `+1234567890`, or a number several people share (a company switchboard), never merges anyone.
 */
export interface AnalyzedRecord {
  email: string;
  id: string | undefined;
  phone: string | undefined;
  name: string | undefined;
}

const MADE_UP_DIGITS = new Set(["1234567890", "11234567890", "0123456789", "123456789"]);

export function isMadeUpPhone(phone: string): boolean {
  const digits = phone.replace(/\D/g, "");
  return digits.length < 8 || MADE_UP_DIGITS.has(digits) || /^(\d)\1+$/.test(digits.replace(/^1/, ""));
}

const normalName = (name: string | null | undefined) =>
  (name ?? "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

export function leadName(lead: Pick<Lead, "name" | "firstName" | "lastName">): string {
  return normalName(lead.name ?? [lead.firstName, lead.lastName].filter(Boolean).join(" "));
}

export function recordName(record: Record<string, unknown>): string | undefined {
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const name = text(record.name) ?? [text(record.first_name), text(record.last_name)].filter(Boolean).join(" ");
  return normalName(name) || undefined;
}

/**
 * Numbers more than one person uses: on several of the tenant's leads, or with several emails
 * within one request. A company switchboard looks like this; a person's own number does not.
 */
export function sharedPhones(known: Lead[], records: AnalyzedRecord[]): Set<string> {
  const owners = new Map<string, Set<string>>();
  const note = (phone: string | null | undefined, who: string) => {
    if (!phone) return;
    owners.set(phone, (owners.get(phone) ?? new Set<string>()).add(who));
  };
  for (const lead of known) note(lead.phone, `lead ${lead.id}`);
  const shared = new Set([...owners].filter(([, set]) => set.size > 1).map(([phone]) => phone));
  owners.clear();
  for (const record of records) note(record.phone, `email ${record.email}`);
  for (const [phone, set] of owners) if (set.size > 1) shared.add(phone);
  return shared;
}

export function matchLead(record: AnalyzedRecord, known: Lead[], shared: Set<string>): Lead | undefined {
  // The record's email is lowercased; a stored one keeps the case its lead was sent with.
  const byEmail = known.find((l) => l.email?.toLowerCase() === record.email);
  if (byEmail) return byEmail;
  const byId = record.id === undefined ? undefined : known.find((l) => l.id === record.id);
  if (byId) return byId;
  const { phone, name } = record;
  if (phone === undefined || name === undefined || shared.has(phone) || isMadeUpPhone(phone)) return undefined;
  return known.find((l) => l.phone === phone && l.email === null && leadName(l) === name);
}

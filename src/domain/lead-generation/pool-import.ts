import { and, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import Papa from "papaparse";
import { runBatch, upsertRows } from "../../db/bulk";
import { type ProspectCompany, type ProspectContact, prospectCompanies, prospectContacts } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { emailLists } from "../enhancement/email-lists";
import { type CompanyFields, type ContactFields, columnOf, type PoolRow, poolRow, poolValues } from "./pool-rows";

export const MAX_IMPORT_ROWS = 10_000;

export interface ImportReport {
  rows: number;
  companies_created: number;
  companies_updated: number;
  contacts_created: number;
  contacts_updated: number;
  failed: number;
  errors: { row: number; field: string; issue: string }[];
}

/**
 * Rows of a CSV with a header row, numbered as in the file (the header is row 1): blank lines are
 * numbered before they are dropped, and a quoted value over several lines is one row.
 */
export function rowsFromCsv(csv: string): { row: number; values: Record<string, unknown> }[] {
  // A guessed delimiter reads `;`-separated keywords in a small file as the columns.
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { delimiter: ",", skipEmptyLines: false });
  const numbered = parsed.data.map((cells, i) => ({ cells, line: i + 1 })).filter(({ cells }) => cells.some((c) => c.trim() !== ""));
  const [headerRow, ...rest] = numbered;
  const header = headerRow?.cells;
  if (!header) throw ApiError.invalidField("body", "empty", "the CSV has no header row");
  const columns = header.map(columnOf);
  if (!columns.some((c) => c === "email" || c === "company" || c === "domain")) {
    throw ApiError.invalidField(
      "body",
      "missing_columns",
      `the header names no email, company or domain column (it has: ${header.join(", ")})`,
    );
  }
  return rest.map(({ cells, line }) => ({ row: line, values: poolValues(cells.map((cell, c) => [columns[c], cell])) }));
}

/** JSON rows use the CSV's column names (any accepted spelling), numbered from 1. */
export function rowsFromJson(rows: Record<string, unknown>[]): { row: number; values: Record<string, unknown> }[] {
  return rows.map((raw, i) => ({
    row: i + 1,
    values: poolValues(Object.entries(raw).map(([key, value]) => [columnOf(key), value])),
  }));
}

const companyKey = (c: CompanyFields) => (c.domain ? `d:${c.domain}` : `n:${c.name!.toLowerCase()}`);

/** Later rows fill in and override what earlier rows said about the same company. */
function merge<T extends object>(into: T | undefined, next: T): T {
  if (!into) return next;
  return Object.fromEntries(
    Object.entries({ ...into, ...next }).map(([k, v]) => [k, v ?? (into as Record<string, unknown>)[k] ?? null]),
  ) as T;
}

/**
 * Upserts the pool: a company by its domain (or, without one, its name), a contact by email,
 * linked to the company on its row. Only the fields a row has are written; bad rows are reported
 * with their row number and skipped. All of it is one D1 batch.
 */
export async function importPool(ctx: TenantCtx, input: { row: number; values: Record<string, unknown> }[]): Promise<ImportReport> {
  if (input.length > MAX_IMPORT_ROWS)
    throw ApiError.invalidField("rows", "too_many", `at most ${MAX_IMPORT_ROWS} rows per import; this one has ${input.length}`);
  const lists = await emailLists(ctx.env);
  const parsed: PoolRow[] = input.map(({ row, values }) => poolRow(row, values, lists));
  const errors = parsed.flatMap((p) => ("errors" in p ? p.errors.map((e) => ({ row: p.row, field: e.field, issue: e.message })) : []));
  const good = parsed.filter((p): p is Extract<PoolRow, { company: unknown }> => !("errors" in p));

  const companies = new Map<string, CompanyFields>();
  const contacts = new Map<string, { contact: ContactFields; companyKey: string | null }>();
  for (const { company, contact } of good) {
    if (company) companies.set(companyKey(company), merge(companies.get(companyKey(company)), company));
    if (contact) {
      const known = contacts.get(contact.email);
      contacts.set(contact.email, {
        contact: merge(known?.contact, contact),
        companyKey: company ? companyKey(company) : (known?.companyKey ?? null),
      });
    }
  }

  // Two imports may both find a company new and both insert it; the unique index refuses the
  // second batch whole, which then looks again and finds the first one's rows to update.
  for (let attempt = 1; ; attempt++) {
    try {
      return { rows: input.length, ...(await writePool(ctx, companies, contacts)), failed: new Set(errors.map((e) => e.row)).size, errors };
    } catch (error) {
      if (attempt >= 3 || !/UNIQUE constraint failed/i.test(String(error))) throw error;
    }
  }
}

async function writePool(
  ctx: TenantCtx,
  companies: Map<string, CompanyFields>,
  contacts: Map<string, { contact: ContactFields; companyKey: string | null }>,
) {
  const existingCompanies = await findCompanies(ctx, [...companies.values()]);
  const existingContacts = await findContacts(ctx, [...contacts.keys()]);
  const at = ctx.now.toISOString();
  const companyIds = new Map<string, string>();
  let companiesCreated = 0;
  const companyRows = [...companies.entries()].map(([key, c]) => {
    const existing = existingCompanies.get(key);
    if (!existing) companiesCreated++;
    const id = existing?.id ?? newId("pco", ctx.now.getTime());
    companyIds.set(key, id);
    // Required columns come from the row, else from the company as it is (SQLite checks them
    // before the upsert decides to update); the rest are null where the row is silent, and kept.
    return {
      id,
      tenantId: ctx.tenant.id,
      testMode: ctx.testMode,
      name: c.name ?? existing?.name ?? c.domain,
      domain: c.domain,
      industry: c.industry,
      employees: c.employees,
      sizeBand: c.sizeBand,
      revenueUsd: c.revenueUsd,
      country: c.country,
      region: c.region,
      city: c.city,
      keywords: c.keywords ?? existing?.keywords ?? [],
      description: c.description,
      technologies: c.technologies ?? existing?.technologies ?? [],
      createdAt: at,
      updatedAt: at,
    } as ProspectCompany;
  });
  let contactsCreated = 0;
  const contactRows = [...contacts.values()].map(({ contact, companyKey: key }) => {
    const existing = existingContacts.get(contact.email);
    if (!existing) contactsCreated++;
    return {
      id: existing?.id ?? newId("pct", ctx.now.getTime()),
      tenantId: ctx.tenant.id,
      testMode: ctx.testMode,
      companyId: key ? companyIds.get(key)! : null,
      ...contact,
      createdAt: at,
      updatedAt: at,
    } as ProspectContact;
  });
  await runBatch(ctx.db, [
    ...upsertRows(ctx.db, prospectCompanies, companyRows, ["created_at"]),
    ...upsertRows(ctx.db, prospectContacts, contactRows, ["created_at"]),
  ]);
  return {
    companies_created: companiesCreated,
    companies_updated: companyRows.length - companiesCreated,
    contacts_created: contactsCreated,
    contacts_updated: contactRows.length - contactsCreated,
  };
}

async function findCompanies(ctx: TenantCtx, companies: CompanyFields[]): Promise<Map<string, ProspectCompany>> {
  const found = new Map<string, ProspectCompany>();
  const domains = [...new Set(companies.flatMap((c) => (c.domain ? [c.domain] : [])))];
  const names = [...new Set(companies.flatMap((c) => (c.domain ? [] : [c.name!.toLowerCase()])))];
  for (let i = 0; i < domains.length; i += 90) {
    for (const row of await ctx.db
      .select()
      .from(prospectCompanies)
      .where(and(ownedBy(prospectCompanies, ctx), inArray(prospectCompanies.domain, domains.slice(i, i + 90)))))
      found.set(`d:${row.domain}`, row);
  }
  // SQLite's lower() folds only ASCII letters. Folding first the only other letters that JavaScript
  // lower-cases to ASCII (the Kelvin sign, İ) makes it agree with toLowerCase() on every name whose
  // lower case is ASCII; in other names each non-ASCII letter is left open to LIKE, and the rows it
  // finds are told apart here.
  const folded = sql`lower(replace(replace(${prospectCompanies.name}, char(8490), 'k'), char(304), 'i' || char(775)))`;
  const isAscii = (name: string) => /^\p{ASCII}*$/u.test(name);
  const ascii = names.filter(isAscii);
  const other = names.filter((name) => !isAscii(name));
  const conditions: (SQL | undefined)[] = [];
  for (let i = 0; i < ascii.length; i += 90) conditions.push(inArray(folded, ascii.slice(i, i + 90)));
  for (let i = 0; i < other.length; i += 90)
    conditions.push(or(...other.slice(i, i + 90).map((name) => sql`${folded} like ${anyLetterCase(name)} escape '\\'`)));
  const wanted = new Set(names);
  for (const condition of conditions) {
    for (const row of await ctx.db
      .select()
      .from(prospectCompanies)
      .where(and(ownedBy(prospectCompanies, ctx), isNull(prospectCompanies.domain), condition)))
      if (wanted.has(row.name.toLowerCase())) found.set(`n:${row.name.toLowerCase()}`, row);
  }
  return found;
}

const anyLetterCase = (lowered: string) => lowered.replace(/[\\%_]/g, "\\$&").replace(/\P{ASCII}/gu, "_");

async function findContacts(ctx: TenantCtx, emails: string[]): Promise<Map<string, ProspectContact>> {
  const found = new Map<string, ProspectContact>();
  for (let i = 0; i < emails.length; i += 90) {
    for (const row of await ctx.db
      .select()
      .from(prospectContacts)
      .where(and(ownedBy(prospectContacts, ctx), inArray(prospectContacts.email, emails.slice(i, i + 90)))))
      found.set(row.email, row);
  }
  return found;
}

import { type AnyColumn, and, asc, count, eq, or, sql } from "drizzle-orm";
import { prospectCompanies, prospectContacts } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { TenantCtx } from "../context";
import { deleteOwned, findOwned } from "../owned";

export interface Page {
  page: number;
  perPage: number;
}

// instr, not LIKE: D1 refuses LIKE patterns over 50 bytes, and a LIKE needs its wildcards escaped.
const contains = (column: AnyColumn, q: string) => sql`instr(lower(${column}), ${q.toLowerCase()}) > 0`;

export async function listCompanies(ctx: TenantCtx, page: Page, filter: { industry?: string; q?: string }) {
  const where = and(
    ownedBy(prospectCompanies, ctx),
    filter.industry ? eq(sql`lower(${prospectCompanies.industry})`, filter.industry.toLowerCase()) : undefined,
    filter.q ? or(contains(prospectCompanies.name, filter.q), contains(prospectCompanies.domain, filter.q)) : undefined,
  );
  const [total] = await ctx.db.select({ n: count() }).from(prospectCompanies).where(where);
  const rows = await ctx.db
    .select()
    .from(prospectCompanies)
    .where(where)
    .orderBy(asc(prospectCompanies.name), asc(prospectCompanies.id))
    .limit(page.perPage)
    .offset((page.page - 1) * page.perPage);
  return { total: total?.n ?? 0, rows };
}

export async function listContacts(ctx: TenantCtx, page: Page, filter: { companyId?: string; q?: string }) {
  const where = and(
    ownedBy(prospectContacts, ctx),
    filter.companyId ? eq(prospectContacts.companyId, filter.companyId) : undefined,
    filter.q
      ? or(
          contains(prospectContacts.email, filter.q),
          contains(prospectContacts.lastName, filter.q),
          contains(prospectContacts.title, filter.q),
        )
      : undefined,
  );
  const [total] = await ctx.db.select({ n: count() }).from(prospectContacts).where(where);
  const rows = await ctx.db
    .select({ contact: prospectContacts, company: { name: prospectCompanies.name, domain: prospectCompanies.domain } })
    .from(prospectContacts)
    .leftJoin(prospectCompanies, eq(prospectCompanies.id, prospectContacts.companyId))
    .where(where)
    .orderBy(asc(prospectContacts.email))
    .limit(page.perPage)
    .offset((page.page - 1) * page.perPage);
  return { total: total?.n ?? 0, rows };
}

/** Deletes a company and its contacts. */
export async function deleteCompany(ctx: TenantCtx, id: string): Promise<number> {
  const company = await findOwned(ctx, prospectCompanies, id, "Company");
  const [removed] = await ctx.db.batch([
    ctx.db
      .delete(prospectContacts)
      .where(and(ownedBy(prospectContacts, ctx), eq(prospectContacts.companyId, company.id)))
      .returning({ id: prospectContacts.id }),
    ctx.db.delete(prospectCompanies).where(and(ownedBy(prospectCompanies, ctx), eq(prospectCompanies.id, company.id))),
  ]);
  return removed.length;
}

export const deleteContact = (ctx: TenantCtx, id: string) => deleteOwned(ctx, prospectContacts, id, "Contact");

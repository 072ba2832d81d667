import { and, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import { type LeadGenerationCommand, leadGenerationLeads, leads, prospectCompanies, prospectContacts } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { TenantCtx } from "../context";
import { type Candidate, judge, type SearchPlan } from "./matching";
import { importPool, rowsFromJson } from "./pool-import";
import { askProviders } from "./providers";

/** Candidates kept past research, per lead asked for: enough that verification can drop some. */
const SHORTLIST_PER_LEAD = 3;

export type Shortlisted = Candidate & { matchScore: number; matchReasons: string[] };

export interface Researched {
  found: number;
  shortlist: Shortlisted[];
  providers: { id: string; prospects: number; error: string | null }[];
}

/**
 * Research: first the tenant's prospect providers are asked, and what they return joins the pool.
 * Then the pool is prefiltered in SQL (required industries, revenue and a website) and judged;
 * contacts the tenant already has as leads, or was delivered before, are left out. Answers the
 * best `SHORTLIST_PER_LEAD` × maxLeads candidates.
 */
export async function research(ctx: TenantCtx, command: LeadGenerationCommand, plan: SearchPlan): Promise<Researched> {
  const { profile, search_parameters: search } = command.command.targets[0]!.leads;
  const answers = await askProviders(ctx, command.id, profile, search, command.leadsRequested * SHORTLIST_PER_LEAD);
  for (const answer of answers) if (answer.rows.length > 0) await importPool(ctx, rowsFromJson(answer.rows));
  const providers = answers.map((a) => ({ id: a.providerId, prospects: a.rows.length, error: a.error }));
  const rows = await ctx.db
    .select({ contact: prospectContacts, company: prospectCompanies })
    .from(prospectContacts)
    .leftJoin(prospectCompanies, eq(prospectCompanies.id, prospectContacts.companyId))
    .where(and(...prefilter(ctx, plan)))
    .limit(20_000);
  const judged = rows
    .map(({ contact, company }) => candidateOf(contact, company))
    .map((candidate) => ({ candidate, match: judge(candidate, plan) }))
    .filter((j) => j.match.eligible)
    .sort((a, b) => b.match.score - a.match.score || a.candidate.email.localeCompare(b.candidate.email));
  const shortlist = judged
    .slice(0, command.leadsRequested * SHORTLIST_PER_LEAD)
    .map(({ candidate, match }) => ({ ...candidate, matchScore: match.score, matchReasons: match.reasons }));
  return { found: judged.length, shortlist, providers };
}

/** What SQL can rule out before judging: the plan's hard criteria, and contacts the tenant already has. */
function prefilter(ctx: TenantCtx, plan: SearchPlan): SQL[] {
  const filters = [ownedBy(prospectContacts, ctx)];
  const industries = plan.industries.flatMap((i) => i.terms);
  if (industries.length) filters.push(inArray(sql`lower(${prospectCompanies.industry})`, industries));
  if (plan.revenue.min !== null) filters.push(sql`${prospectCompanies.revenueUsd} >= ${plan.revenue.min}`);
  if (plan.revenue.max !== null) filters.push(sql`${prospectCompanies.revenueUsd} <= ${plan.revenue.max}`);
  if (plan.hasWebsite) filters.push(isNotNull(prospectCompanies.domain));
  // Not already a lead of the tenant, and never delivered by an earlier command.
  const ofTenant = (table: typeof leads | typeof leadGenerationLeads) =>
    sql`${table.tenantId} = ${ctx.tenant.id} AND ${table.testMode} = ${ctx.testMode ? 1 : 0}`;
  filters.push(
    sql`NOT EXISTS (SELECT 1 FROM ${leads} WHERE ${ofTenant(leads)} AND ${leads.email} = ${prospectContacts.email} COLLATE NOCASE)`,
  );
  filters.push(
    sql`NOT EXISTS (SELECT 1 FROM ${leadGenerationLeads} WHERE ${ofTenant(leadGenerationLeads)} AND ${leadGenerationLeads.contactId} = ${prospectContacts.id})`,
  );
  return filters;
}

function candidateOf(contact: typeof prospectContacts.$inferSelect, company: typeof prospectCompanies.$inferSelect | null): Candidate {
  return {
    contactId: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    title: contact.title,
    email: contact.email,
    phone: contact.phone,
    linkedin: contact.linkedin,
    contactCountry: contact.country,
    contactRegion: contact.region,
    contactCity: contact.city,
    companyName: company?.name ?? null,
    domain: company?.domain ?? null,
    industry: company?.industry ?? null,
    employees: company?.employees ?? null,
    sizeBand: company?.sizeBand ?? null,
    revenueUsd: company?.revenueUsd ?? null,
    country: company?.country ?? null,
    region: company?.region ?? null,
    city: company?.city ?? null,
    keywords: company?.keywords ?? [],
    description: company?.description ?? null,
    technologies: company?.technologies ?? [],
  };
}

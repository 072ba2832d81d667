import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { asStatement, insertRows, runBatch } from "../../db/bulk";
import {
  type LeadEvent,
  type LeadGenerationCommand,
  type LeadGenerationLead,
  leadEvents,
  leadGenerationCommands,
  leadGenerationLeads,
  leads,
  outboxEvents,
  prospectCompanies,
  prospectContacts,
} from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { newId } from "../../platform/ids";
import { askModel, type Provenance } from "../../platform/language-model";
import type { TenantCtx } from "../context";
import { checkEmail } from "../enhancement/email";
import { blankLead } from "../leads/blank-lead";
import { activeModel, modelPrediction } from "../scoring/model-scorer";
import { categoryOf } from "../scoring/prediction";
import { tenantSettings } from "../scoring/settings";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { LEAD_GENERATION_COMPLETED } from "./commands";
import { type Candidate, judge, planOf, type SearchPlan } from "./matching";
import { importPool, rowsFromJson } from "./pool-import";
import type { CommandObject } from "./profile";
import { askProviders } from "./providers";
import { DONE_PERCENTAGE, type Stage } from "./stages";
import { revenueBand, sizeBandOf } from "./vocabulary";

/** Candidates kept past research, per lead asked for: enough that verification can drop some. */
const SHORTLIST_PER_LEAD = 3;

export interface Verification {
  syntax_valid: boolean;
  domain_matches_company: boolean;
  disposable: boolean;
  role_address: boolean;
  /** Whether the domain has mail servers (DNS MX over HTTPS); null when the lookup is not enabled or failed. */
  mx_found: boolean | null;
  verified: boolean;
}

export type Shortlisted = Candidate & { matchScore: number; matchReasons: string[] };
export type Verified = Shortlisted & { verification: Verification };

/** Records that a stage finished: the stage, its share of the work, its counts and how long it took. */
export async function recordStage(
  ctx: TenantCtx,
  commandId: string,
  stage: Stage,
  tookMs: number,
  counts: { leadsFound?: number; leadsVerified?: number } = {},
): Promise<void> {
  const command = and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, commandId));
  await ctx.db.batch([
    // The time is kept whatever the status (delivery has completed the command by now).
    ctx.db
      .update(leadGenerationCommands)
      .set({ stageTimings: sql`json_set(${leadGenerationCommands.stageTimings}, ${`$.${stage}`}, ${Math.round(tookMs)})` })
      .where(command),
    ctx.db
      .update(leadGenerationCommands)
      .set({ stage, progressPercentage: DONE_PERCENTAGE[stage], updatedAt: ctx.now.toISOString(), ...counts })
      .where(and(command, eq(leadGenerationCommands.status, "processing"))),
  ]);
}

const Expansion = z.object({
  industries: z.record(z.string(), z.array(z.string().max(60)).max(8)).default({}),
  roles: z.record(z.string(), z.array(z.string().max(60)).max(8)).default({}),
  interests: z.record(z.string(), z.array(z.string().max(60)).max(8)).default({}),
  description: z.string().min(20).max(600).optional(),
});

const ANALYST = `You prepare a B2B prospect search from an ideal-customer profile. For each industry, job role and interest given, list up to 5 common synonyms or equivalent titles (same seniority, same function; never broader). Also write "description": one sentence saying what the command will do for the business, naming the count, roles, industries, sizes and places. Answer {"industries":{"<industry>":[...]},"roles":{"<role>":[...]},"interests":{"<interest>":[...]},"description":"..."}.`;

/**
 * Analysis: the profile widened into a search plan. The rules' synonyms always apply; a
 * configured model may add industry, title and interest synonyms (never remove a criterion) and
 * rewrite the command's description, which then says it was written by the model.
 */
export async function analyse(ctx: TenantCtx, command: LeadGenerationCommand): Promise<{ plan: SearchPlan; expandedBy: Provenance }> {
  const generated = command.command as unknown as CommandObject;
  const { profile, search_parameters: search } = generated.targets[0]!.leads;
  const answer = await askModel(ctx, {
    system: ANALYST,
    input: {
      task: "analyse_icp",
      count: command.leadsRequested,
      industries: profile.industries,
      roles: profile.roles,
      company_sizes: profile.company_sizes,
      locations: profile.locations,
      interests: profile.interests,
      keywords: search.keywords,
      context: generated.context,
    },
    answer: Expansion,
  });
  const described = answer.ok && answer.value.description ? { ...generated, description: answer.value.description } : generated;
  await ctx.db
    .update(leadGenerationCommands)
    .set({ command: { ...described, generated_by: answer.provenance } as unknown as Record<string, unknown> })
    .where(and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, command.id)));
  return { plan: planOf(profile, search, answer.ok ? answer.value : {}), expandedBy: answer.provenance };
}

/**
 * Research: first the tenant's prospect providers are asked, and what they return joins the pool.
 * Then the pool is prefiltered in SQL (required industries, revenue and a website) and judged;
 * contacts the tenant already has as leads, or was delivered before, are left out. Answers the
 * best `SHORTLIST_PER_LEAD` × maxLeads candidates.
 */
export async function research(
  ctx: TenantCtx,
  command: LeadGenerationCommand,
  plan: SearchPlan,
): Promise<{ found: number; shortlist: Shortlisted[]; providers: { id: string; prospects: number; error: string | null }[] }> {
  const { profile, search_parameters: search } = (command.command as unknown as CommandObject).targets[0]!.leads;
  const answers = await askProviders(ctx, command.id, profile, search, command.leadsRequested * SHORTLIST_PER_LEAD);
  for (const answer of answers) if (answer.rows.length > 0) await importPool(ctx, rowsFromJson(answer.rows));
  const providers = answers.map((a) => ({ id: a.providerId, prospects: a.rows.length, error: a.error }));
  const filters = [ownedBy(prospectContacts, ctx)];
  const industries = plan.industries.flatMap((i) => i.terms);
  if (industries.length) filters.push(inArray(sql`lower(${prospectCompanies.industry})`, industries));
  if (plan.revenue.min !== null) filters.push(sql`${prospectCompanies.revenueUsd} >= ${plan.revenue.min}`);
  if (plan.revenue.max !== null) filters.push(sql`${prospectCompanies.revenueUsd} <= ${plan.revenue.max}`);
  if (plan.hasWebsite) filters.push(isNotNull(prospectCompanies.domain));
  // Not already a lead of the tenant, and never delivered by an earlier command.
  filters.push(
    sql`NOT EXISTS (SELECT 1 FROM ${leads} WHERE ${leads.tenantId} = ${ctx.tenant.id} AND ${leads.testMode} = ${ctx.testMode ? 1 : 0} AND ${leads.email} = ${prospectContacts.email})`,
  );
  filters.push(
    sql`NOT EXISTS (SELECT 1 FROM ${leadGenerationLeads} WHERE ${leadGenerationLeads.tenantId} = ${ctx.tenant.id} AND ${leadGenerationLeads.testMode} = ${ctx.testMode ? 1 : 0} AND ${leadGenerationLeads.contactId} = ${prospectContacts.id})`,
  );
  const rows = await ctx.db
    .select({ contact: prospectContacts, company: prospectCompanies })
    .from(prospectContacts)
    .leftJoin(prospectCompanies, eq(prospectCompanies.id, prospectContacts.companyId))
    .where(and(...filters))
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
    contactCity: contact.city,
    companyName: company?.name ?? null,
    domain: company?.domain ?? null,
    industry: company?.industry ?? null,
    employees: company?.employees ?? null,
    sizeBand: company?.sizeBand ?? null,
    revenueUsd: company?.revenueUsd ?? null,
    country: company?.country ?? null,
    city: company?.city ?? null,
    keywords: company?.keywords ?? [],
    description: company?.description ?? null,
    technologies: company?.technologies ?? [],
  };
}

/**
 * Verification: the address is well formed, its domain is the company's website (or a subdomain
 * of it), it is neither disposable nor a role address and, when `LEADGEN_VERIFY_MX` is "true",
 * its domain has mail servers. `verified` is all of what was checked.
 */
export async function verify(ctx: TenantCtx, shortlist: Shortlisted[]): Promise<Verified[]> {
  const checks = shortlist.map((candidate) => ({ candidate, email: checkEmail(candidate.email) }));
  const domains = [...new Set(checks.flatMap((c) => (c.email ? [c.email.domain] : [])))];
  const mx = configOf(ctx.env).leadGenerationVerifiesMx
    ? new Map(await Promise.all(domains.map(async (d) => [d, await hasMailServers(ctx.fetch, d)] as const)))
    : new Map<string, boolean | null>();
  return checks.map(({ candidate, email }) => {
    const domain = email?.domain ?? "";
    const company = candidate.domain ?? "";
    const matches = company !== "" && (domain === company || domain.endsWith(`.${company}`));
    const mxFound = mx.get(domain) ?? null;
    const verification: Verification = {
      syntax_valid: email !== null,
      domain_matches_company: matches,
      disposable: email?.is_disposable ?? false,
      role_address: email?.is_role ?? false,
      mx_found: mxFound,
      verified: email !== null && matches && !email.is_disposable && !email.is_role && mxFound !== false,
    };
    return { ...candidate, verification };
  });
}

/** MX records over DNS-over-HTTPS (Workers have no resolver); null when the lookup fails. */
async function hasMailServers(fetcher: typeof fetch, domain: string): Promise<boolean | null> {
  try {
    const res = await fetcher(`https://cloudflare-dns.com/dns-query?name=${encodeURIComponent(domain)}&type=MX`, {
      headers: { Accept: "application/dns-json" },
      signal: AbortSignal.timeout(3_000),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as { Status: number; Answer?: { type: number }[] };
    return (body.Answer ?? []).some((a) => a.type === 15);
  } catch {
    return null;
  }
}

/** Scoring: the final order, best match first and, between equals, verified first; maxLeads of them. */
export function rank(verified: Verified[], maxLeads: number): Verified[] {
  return [...verified]
    .sort(
      (a, b) =>
        b.matchScore - a.matchScore || Number(b.verification.verified) - Number(a.verification.verified) || a.email.localeCompare(b.email),
    )
    .slice(0, maxLeads);
}

/** A delivered lead in the seed's shape (before it has an id). */
export interface GeneratedLead {
  name: string;
  email: string;
  company: string | null;
  position: string | null;
  phone: string | null;
  website: string | null;
  industry: string | null;
  company_size: string | null;
  location: string | null;
  estimated_revenue: string | null;
  linkedin: string | null;
  match_score: number;
  match_reasons: string[];
  /** One sentence on why the lead fits, phrased by the model from the reasons; null without one. */
  match_summary: string | null;
  verified: boolean;
}

const Summaries = z.object({ leads: z.array(z.object({ email: z.string(), summary: z.string().min(10).max(300) })) });

/**
 * Enrichment: the profile a salesperson reads, filled in from the company record; with a model
 * configured, one sentence per lead on why it fits, phrased from its match reasons (the reasons
 * themselves stay as the rules wrote them).
 */
export async function enrich(ctx: TenantCtx, command: LeadGenerationCommand, ranked: Verified[]): Promise<Enriched[]> {
  const context = (command.command as unknown as CommandObject).context;
  const answer =
    ranked.length > 0
      ? await askModel(ctx, {
          system:
            'You explain to a salesperson why each prospect fits their ideal customer. For each lead write one plain sentence from its match reasons and company; never add facts that are not given. Answer {"leads":[{"email":"...","summary":"..."}]}.',
          input: {
            task: "phrase_match_reasons",
            context,
            leads: ranked.map((c) => ({ email: c.email, title: c.title, company: c.companyName, reasons: c.matchReasons })),
          },
          answer: Summaries,
        })
      : null;
  const summaries = new Map(answer?.ok ? answer.value.leads.map((l) => [l.email, l.summary]) : []);
  return ranked.map((c) => {
    const city = c.contactCity ?? c.city;
    const country = c.contactCountry ?? c.country;
    return {
      contactId: c.contactId,
      verification: c.verification,
      employees: c.employees,
      revenueUsd: c.revenueUsd,
      city,
      country,
      name: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email,
      email: c.email,
      company: c.companyName,
      position: c.title,
      phone: c.phone,
      website: c.domain ? `https://${c.domain}` : null,
      industry: c.industry,
      company_size: c.sizeBand ?? (c.employees !== null ? sizeBandOf(c.employees) : null),
      location: [city, country].filter(Boolean).join(", ") || null,
      estimated_revenue: c.revenueUsd !== null ? revenueBand(c.revenueUsd) : null,
      linkedin: c.linkedin,
      match_score: c.matchScore,
      match_reasons: c.matchReasons,
      match_summary: summaries.get(c.email) ?? null,
      verified: c.verification.verified,
    };
  });
}

export type Enriched = GeneratedLead & {
  contactId: string;
  verification: Verification;
  employees: number | null;
  revenueUsd: number | null;
  city: string | null;
  country: string | null;
};

export interface CommandSummary {
  total_leads: number;
  average_match_score: number;
  verified_percentage: number;
  industries_breakdown: Record<string, number>;
  roles_breakdown: Record<string, number>;
}

export function summarize(generated: GeneratedLead[]): CommandSummary {
  const tally = (keys: (string | null)[]) =>
    keys.reduce<Record<string, number>>((acc, k) => (k ? { ...acc, [k]: (acc[k] ?? 0) + 1 } : acc), {});
  const n = generated.length;
  return {
    total_leads: n,
    average_match_score: n ? Math.round((generated.reduce((s, l) => s + l.match_score, 0) / n) * 100) / 100 : 0,
    verified_percentage: n ? Math.round((generated.filter((l) => l.verified).length / n) * 100) : 0,
    industries_breakdown: tally(generated.map((l) => l.industry)),
    // By the role of the profile each lead matched, as the seed's breakdown shows.
    roles_breakdown: tally(
      generated.map((l) => l.match_reasons.find((r) => r.startsWith("Role match: "))?.slice("Role match: ".length) ?? l.position),
    ),
  };
}

/**
 * Delivery: the leads land in the tenant's lead table (source lead_generation, linked to the
 * command, scored by the tenant's model when it has one) and in the command's result; the command
 * completes and its webhook event is written, all in one D1 batch. A cancelled command delivers
 * nothing (answers null); a cancel arriving while that batch runs is too late and loses.
 */
export async function deliver(ctx: TenantCtx, command: LeadGenerationCommand, enriched: Enriched[]): Promise<CommandSummary | null> {
  const at = ctx.now.toISOString();
  const model = await activeModel(ctx);
  const { thresholds } = await tenantSettings(ctx);
  const delivered: LeadGenerationLead[] = [];
  const events: LeadEvent[] = [];
  const rows = enriched.map((g, rank) => {
    const lead = blankLead(ctx, {
      name: g.name,
      firstName: g.name.split(" ")[0] ?? null,
      lastName: g.name.split(" ").slice(1).join(" ") || null,
      email: g.email,
      phone: g.phone,
      company: g.company,
      position: g.position,
      industry: g.industry,
      website: g.website,
      location: g.location,
      city: g.city,
      country: g.country,
      companySize: g.company_size,
      employees: g.employees,
      revenue: g.revenueUsd,
      linkedin: g.linkedin,
      source: "lead_generation",
      matchScore: g.match_score,
      verified: g.verified,
      customFields: { lead_generation_command_id: command.id, site_id: command.siteId },
    });
    if (model) {
      const prediction = modelPrediction(
        model,
        {
          email: g.email,
          company: g.company,
          position: g.position,
          industry: g.industry,
          employees: g.employees,
          revenue: g.revenueUsd,
          phone: g.phone,
        },
        ctx.now,
      );
      Object.assign(lead, {
        score: prediction.score,
        conversionProbability: prediction.probability,
        scoreCategory: categoryOf(prediction.score, thresholds),
        scoringModel: `${model.id}@${model.version}`,
        scoredAt: at,
      });
    }
    delivered.push({
      commandId: command.id,
      leadId: lead.id,
      tenantId: lead.tenantId,
      testMode: lead.testMode,
      rank,
      contactId: g.contactId,
      matchScore: g.match_score,
      matchReasons: g.match_reasons,
      matchSummary: g.match_summary,
      verified: g.verified,
      verification: g.verification as unknown as Record<string, unknown>,
      createdAt: at,
    });
    events.push({
      id: newId("evt", ctx.now.getTime()),
      tenantId: lead.tenantId,
      testMode: lead.testMode,
      leadId: lead.id,
      flowId: null,
      type: "generated",
      outcome: "success",
      reason: null,
      data: { command_id: command.id, match_score: g.match_score },
      createdAt: at,
    });
    return lead;
  });
  const summary = summarize(enriched);
  const payload = {
    event: LEAD_GENERATION_COMPLETED,
    timestamp: at,
    site_id: command.siteId,
    command_id: command.id,
    data: {
      status: "completed",
      completion_time: at,
      leads_count: summary.total_leads,
      summary: {
        average_match_score: summary.average_match_score,
        verified_percentage: summary.verified_percentage,
        industries_breakdown: summary.industries_breakdown,
      },
    },
    metadata: command.webhookMetadata ?? {},
  };
  const finish = ctx.db
    .update(leadGenerationCommands)
    .set({
      status: "completed",
      stage: "completed",
      progressPercentage: 100,
      leadsDelivered: summary.total_leads,
      summary: summary as unknown as Record<string, unknown>,
      completedAt: at,
      updatedAt: at,
    })
    .where(
      and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, command.id), eq(leadGenerationCommands.status, "processing")),
    );
  const finished = await ctx.db
    .select({ status: leadGenerationCommands.status })
    .from(leadGenerationCommands)
    .where(eq(leadGenerationCommands.id, command.id));
  if (finished[0]?.status !== "processing") return null;
  await runBatch(ctx.db, [
    asStatement(ctx.db, finish),
    ...insertRows(ctx.db, leads, rows),
    ...insertRows(ctx.db, leadGenerationLeads, delivered),
    ...insertRows(ctx.db, leadEvents, events),
    asStatement(
      ctx.db,
      ctx.db.insert(outboxEvents).values(outboxEvent(command, LEAD_GENERATION_COMPLETED, payload, ctx.now, command.webhookEndpointId)),
    ),
  ]);
  dispatchSoon(ctx);
  return summary;
}

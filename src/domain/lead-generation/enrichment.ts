import { z } from "zod";
import type { Verification } from "../../db/json/lead-generation";
import type { LeadGenerationCommand } from "../../db/schema";
import { askModel } from "../../platform/language-model";
import type { TenantCtx } from "../context";
import { MATCH_SUMMARY_PROMPT } from "./prompts";
import type { Verified } from "./verification";
import { revenueBand, sizeBandOf } from "./vocabulary";

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

export type Enriched = GeneratedLead & {
  contactId: string;
  verification: Verification;
  employees: number | null;
  revenueUsd: number | null;
  city: string | null;
  country: string | null;
};

const Summaries = z.object({ leads: z.array(z.object({ email: z.string(), summary: z.string().min(10).max(300) })) });

/**
 * Enrichment: the profile a salesperson reads, filled in from the company record; with a model
 * configured, one sentence per lead on why it fits, phrased from its match reasons (the reasons
 * themselves stay as the rules wrote them). The model phrases the first maxLeads only: those after
 * them are delivered only when a command running at once took some, and would make its answer long.
 */
export async function enrich(ctx: TenantCtx, command: LeadGenerationCommand, ranked: Verified[]): Promise<Enriched[]> {
  const context = command.command.context;
  const answer =
    ranked.length > 0
      ? await askModel(ctx, {
          system: MATCH_SUMMARY_PROMPT,
          input: {
            task: "phrase_match_reasons",
            context,
            leads: ranked
              .slice(0, command.leadsRequested)
              .map((c) => ({ email: c.email, title: c.title, company: c.companyName, reasons: c.matchReasons })),
          },
          answer: Summaries,
        })
      : null;
  const summaries = new Map(answer?.ok ? answer.value.leads.map((l) => [l.email, l.summary]) : []);
  return ranked.map((c) => {
    const city = c.contactCity ?? c.city;
    const country = c.contactCountry ?? c.country;
    const region = c.contactCountry || c.contactCity ? c.contactRegion : c.region;
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
      location: [city, region, country].filter(Boolean).join(", ") || null,
      estimated_revenue: c.revenueUsd !== null ? revenueBand(c.revenueUsd) : null,
      linkedin: c.linkedin,
      match_score: c.matchScore,
      match_reasons: c.matchReasons,
      match_summary: summaries.get(c.email) ?? null,
      verified: c.verification.verified,
    };
  });
}

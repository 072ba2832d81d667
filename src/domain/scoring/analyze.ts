import { and, eq, inArray, sql } from "drizzle-orm";
import { asStatement, insertRows, runBatch } from "../../db/bulk";
import type { Category, ChurnRisk } from "../../db/json/scoring";
import { type Lead, type LeadEvent, leadEvents, leads, type OutboxEvent, outboxEvents } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { checkPhone } from "../enhancement/phone";
import { splitLead } from "../intake/lead-fields";
import { blankLead } from "../leads/blank-lead";
import { fieldColumns, leadData } from "../leads/lead-data";
import { dispatchEnrollmentsIfActive, hasActiveSequences } from "../sequences/enrollments";
import { triggerStatement } from "../sequences/triggers";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { advise, churnRisk } from "./advice";
import { attributes, requireEmails, requireValidLeads } from "./lead-checks";
import { type AnalyzedRecord, matchLead, recordName, sharedPhones } from "./match-lead";
import { scorerFor } from "./model-scorer";
import { categoryOf, type Prediction, topFactors } from "./prediction";
import { priorPrediction } from "./prior";
import { tenantSettings } from "./settings";

export interface AnalyzedLead {
  lead: Lead;
  prediction: Prediction;
  category: Category;
  churnRisk: ChurnRisk;
  previousScore: number | null;
}

/**
 * A record's attributes as a lead row stores them, for a new lead or over a known one. Scoring
 * reads the lead through `leadData` of the row, and training reads `leadData` of the stored row, so
 * a lead's features are the same when it is scored and when it is trained on (`source` included,
 * numbers in text fields as text). A known lead keeps its email (unless it had none), and what
 * the request leaves out or blank; its custom fields take the request's over them.
 */
export function storedFields(record: Record<string, unknown>, email: string, phone: string | undefined, known?: Lead): Partial<Lead> {
  const { id: _id, lead_id: _leadId, ...fields } = record;
  const split = splitLead({ ...fields, email, ...(phone ? { phone } : {}) });
  const columns = fieldColumns(split.standard);
  if (!known) return { ...columns, customFields: split.custom, source: columns.source ?? "scoring_api" };
  const { email: _email, ...sent } = columns;
  return {
    ...sent,
    ...(known.email === null ? { email } : {}),
    ...(Object.keys(split.custom).length > 0 ? { customFields: { ...known.customFields, ...split.custom } } : {}),
  };
}

/** Existing leads of the tenant with these emails, phones or ids, the candidates `matchLead` picks from. */
async function existingLeads(ctx: TenantCtx, emails: string[], phones: string[], ids: string[]): Promise<Lead[]> {
  const found = new Map<string, Lead>();
  // Emails compare NOCASE, as the leads' email index does: the same address in another case is the same person.
  for (const [matches, values] of [
    [(slice: string[]) => sql`${leads.email} COLLATE NOCASE IN ${slice}`, emails],
    [(slice: string[]) => inArray(leads.phone, slice), phones],
    [(slice: string[]) => inArray(leads.id, slice), ids],
  ] as const) {
    for (let i = 0; i < values.length; i += 90) {
      const rows = await ctx.db
        .select()
        .from(leads)
        .where(and(ownedBy(leads, ctx), matches(values.slice(i, i + 90))));
      for (const row of rows) found.set(row.id, row);
    }
  }
  return [...found.values()];
}

/** The lead id a record names explicitly, if it names one. */
function explicitId(record: Record<string, unknown>): string | undefined {
  const id = record.lead_id ?? record.id;
  return typeof id === "string" && id.trim() !== "" ? id.trim() : undefined;
}

function outbox(ctx: TenantCtx, lead: Lead, event: string, data: Record<string, unknown>): OutboxEvent {
  return outboxEvent(lead, event, { event, timestamp: ctx.now.toISOString(), data: { lead_id: lead.id, ...data } }, ctx.now);
}

/**
 * Scores up to 1,000 leads: each is matched to one of the tenant's leads (`matchLead`: email, then
 * an explicit id, then a phone one person uses) or created, scored, and its score recorded as a `scored` event. `lead.scored` goes out for every
 * lead, `lead.hot` on crossing into hot, `prediction.updated` when a known lead's score moves by 5
 * or more or another model scored it, and `churn.risk_high` for a high churn risk. All of it is one D1 batch.
 */
export async function analyzeLeads(ctx: TenantCtx, input: Record<string, unknown>[]): Promise<Analysis> {
  requireEmails(input);
  requireValidLeads(input);
  const analysis = await prepareAnalysis(ctx, input);
  await runBatch(ctx.db, analysis.writes);
  dispatchSoon(ctx);
  dispatchEnrollmentsIfActive(ctx);
  return analysis;
}

export interface Analysis {
  leads: AnalyzedLead[];
  dealValue: number;
  /** The statements that record the scores, for the caller to run in one batch with its own. */
  writes: D1PreparedStatement[];
}

/**
 * Scores the leads and says what to write, writing nothing: `analyzeLeads` without the batch. The
 * leads are checked already (`requireEmails`, and `requireValidLeads` or a batch chunk's own errors).
 */
export async function prepareAnalysis(ctx: TenantCtx, input: Record<string, unknown>[]): Promise<Analysis> {
  const settings = await tenantSettings(ctx);
  const { score, dealValue } = await scorerFor(ctx, settings.dealValue);
  const records = input.map(attributes);
  const emails = [...new Set(records.map((r) => String(r.email).trim().toLowerCase()))];
  const phoneOf = (r: Record<string, unknown>) => (typeof r.phone === "string" ? (checkPhone(r.phone, "US")?.e164 ?? r.phone) : undefined);
  const phones = [...new Set(records.map(phoneOf).filter((p): p is string => Boolean(p)))];
  const ids = [...new Set(records.map(explicitId).filter((id): id is string => id !== undefined))];
  const known = await existingLeads(ctx, emails, phones, ids);
  const identities = records.map(
    (r): AnalyzedRecord => ({ email: String(r.email).trim().toLowerCase(), id: explicitId(r), phone: phoneOf(r), name: recordName(r) }),
  );
  const shared = sharedPhones(known, identities);

  const at = ctx.now.toISOString();
  const inserts: Lead[] = [];
  const updates: ReturnType<typeof asStatement>[] = [];
  const events: LeadEvent[] = [];
  const notices: OutboxEvent[] = [];
  // Leads crossing into hot fire `score_hot` sequence triggers in the same batch.
  const triggers: D1PreparedStatement[] | null = (await hasActiveSequences(ctx)) ? [] : null;
  const analyzed = records.map((record, i): AnalyzedLead => {
    const identity = identities[i]!;
    const { email, phone } = identity;
    const match = matchLead(identity, known, shared);
    // A known lead is scored as it will be stored: its attributes with the request's over them.
    const stored = storedFields(record, email, phone, match);
    const data = leadData(match ? { ...match, ...stored } : stored);
    const prediction = score(data);
    const category = categoryOf(prediction.score, settings.thresholds);
    const scoreFields = {
      score: prediction.score,
      conversionProbability: prediction.probability,
      scoreCategory: category,
      scoringModel: `${prediction.model.id}@${prediction.model.version}`,
      scoredAt: at,
      updatedAt: at,
    };
    let lead: Lead;
    if (match) {
      const changes = { ...stored, ...scoreFields };
      lead = { ...match, ...changes };
      known[known.indexOf(match)] = lead;
      updates.push(
        asStatement(
          ctx.db,
          ctx.db
            .update(leads)
            .set(changes)
            .where(and(ownedBy(leads, ctx), eq(leads.id, match.id))),
        ),
      );
    } else {
      lead = blankLead(ctx, { ...stored, ...scoreFields });
      inserts.push(lead);
      known.push(lead);
    }
    const previousScore = match?.score ?? null;
    events.push({
      id: newId("evt", ctx.now.getTime()),
      tenantId: lead.tenantId,
      testMode: lead.testMode,
      leadId: lead.id,
      flowId: lead.flowId,
      type: "scored",
      outcome: "success",
      reason: null,
      data: {
        score: prediction.score,
        previous_score: previousScore,
        probability: prediction.probability,
        // The prior's for the same lead at the same moment: the live monitor compares the two.
        prior_probability: prediction.model.kind === "prior" ? prediction.probability : priorPrediction(data, ctx.now).probability,
        model: prediction.model,
        factors: topFactors(prediction.factors),
      },
      createdAt: at,
    });
    const advice = advise(category, prediction.factors, ctx.now);
    // The seed's payload (lead_id, score, previous_score, recommendations) for every scoring event,
    // each event adding its own fields after it.
    const notice = (event: string, extra: Record<string, unknown>) =>
      outbox(ctx, lead, event, {
        score: prediction.score,
        previous_score: previousScore,
        recommendations: advice.recommendations,
        ...extra,
      });
    notices.push(notice("lead.scored", { category }));
    if (category === "hot" && (previousScore === null || previousScore < settings.thresholds.hot)) {
      notices.push(notice("lead.hot", {}));
      triggers?.push(triggerStatement(ctx.db, lead, { type: "score_hot" }, configOf(ctx.env).email.publicUrl ?? "", ctx.now));
    }
    const newModel = match?.scoringModel != null && match.scoringModel !== scoreFields.scoringModel;
    if (previousScore !== null && (Math.abs(prediction.score - previousScore) >= 5 || newModel)) {
      notices.push(
        notice("prediction.updated", {
          conversion_probability: prediction.probability,
          model: scoreFields.scoringModel,
          previous_model: match?.scoringModel ?? null,
        }),
      );
    }
    const churn = churnRisk(match ? data : record, ctx.now);
    if (churn === "high") notices.push(notice("churn.risk_high", { churn_risk: "high" }));
    return { lead, prediction, category, churnRisk: churn, previousScore };
  });
  return {
    leads: analyzed,
    dealValue,
    writes: [
      ...insertRows(ctx.db, leads, inserts),
      ...updates,
      ...insertRows(ctx.db, leadEvents, events),
      ...insertRows(ctx.db, outboxEvents, notices),
      ...(triggers ?? []),
    ],
  };
}

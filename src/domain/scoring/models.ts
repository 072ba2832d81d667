import { and, count, desc, eq, exists, gte, isNotNull, lt, max, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { leads, type ScoringModel, scoringModels } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { Ctx, TenantCtx } from "../context";
import { leadData } from "../leads/lead-data";
import type { LeadRecord } from "./features";
import { modelPrediction } from "./model-scorer";
import { settingsOf, tenantSettings } from "./settings";
import { type LabelledLead, trainScoringModel } from "./train";

const MAX_TRAINING_LEADS = 50_000;
// A run has one 10-minute step and one retry; a row still `training` an hour on lost its run without a word.
const STALE_TRAINING_MS = 60 * 60 * 1000;

const staleBefore = (now: Date) => new Date(now.getTime() - STALE_TRAINING_MS).toISOString();

export interface TrainingTarget {
  tenantId: string;
  testMode: boolean;
  modelId: string;
}

/** Starts training off the request path: a model row in `training`, and a Workflow named by it. */
export async function startTraining(ctx: TenantCtx): Promise<ScoringModel> {
  const [latest] = await ctx.db
    .select({ version: max(scoringModels.version) })
    .from(scoringModels)
    .where(ownedBy(scoringModels, ctx));
  const model: ScoringModel = {
    id: newId("model", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    version: (latest?.version ?? 0) + 1,
    kind: "logistic",
    status: "training",
    reason: null,
    parameters: null,
    metrics: null,
    samples: null,
    dealValue: null,
    live: null,
    createdAt: ctx.now.toISOString(),
    trainedAt: null,
  };
  const stale = and(ownedBy(scoringModels, ctx), eq(scoringModels.status, "training"), lt(scoringModels.createdAt, staleBefore(ctx.now)));
  await ctx.db.batch([
    ctx.db.insert(scoringModels).values(model),
    ctx.db.update(scoringModels).set({ status: "failed", reason: "Training did not finish within an hour" }).where(stale),
  ]);
  try {
    await ctx.env.MODEL_TRAINING.create({ id: model.id, params: { tenantId: ctx.tenant.id, testMode: ctx.testMode, modelId: model.id } });
  } catch (error) {
    await recordTrainingFailure(ctx, model.id, error);
    throw error;
  }
  return model;
}

/** Ends a training that will record no result as `failed`, so the next outcome or a manual train starts another. */
export async function recordTrainingFailure(ctx: Ctx, modelId: string, error: unknown): Promise<void> {
  const reason = `Training failed: ${error instanceof Error ? error.message : String(error)}`;
  await ctx.db
    .update(scoringModels)
    .set({ status: "failed", reason })
    .where(and(eq(scoringModels.id, modelId), eq(scoringModels.status, "training")));
}

/** The newest `limit` labelled leads, oldest first, so the folds validate on the most recent ones. */
export async function labelledLeads(ctx: Ctx, target: TrainingTarget, limit = MAX_TRAINING_LEADS): Promise<LabelledLead[]> {
  const rows = await ctx.db
    .select()
    .from(leads)
    .where(and(eq(leads.tenantId, target.tenantId), eq(leads.testMode, target.testMode), isNotNull(leads.converted)))
    // rowid keeps leads written in the same millisecond in the order they were written.
    .orderBy(desc(leads.createdAt), sql`rowid desc`)
    .limit(limit);
  return rows.reverse().map((lead) => ({
    attributes: leadData(lead),
    converted: lead.converted === 1 ? 1 : 0,
    value: lead.outcomeValue,
    createdAt: lead.createdAt,
    outcomeAt: lead.outcomeAt,
  }));
}

/** Trains on the tenant's labelled leads and records the result; an active model retires the one before it. */
export async function trainAndRecord(ctx: Ctx, target: TrainingTarget): Promise<Pick<ScoringModel, "status" | "reason">> {
  const labelled = await labelledLeads(ctx, target);
  const { minOutcomesPerClass } = await settingsOf(ctx, target);
  const [scoring] = await ctx.db
    .select()
    .from(scoringModels)
    .where(
      and(eq(scoringModels.tenantId, target.tenantId), eq(scoringModels.testMode, target.testMode), eq(scoringModels.status, "active")),
    )
    .orderBy(desc(scoringModels.version))
    .limit(1);
  const active = scoring?.trainedAt
    ? {
        id: scoring.id,
        version: scoring.version,
        trainedAt: scoring.trainedAt,
        probability: (lead: LeadRecord) => modelPrediction(scoring, lead, ctx.now).probability,
      }
    : undefined;
  const report = trainScoringModel(labelled, ctx.now, minOutcomesPerClass, active);
  const at = ctx.now.toISOString();
  const record = ctx.db
    .update(scoringModels)
    .set({
      status: report.status,
      reason: report.reason,
      parameters: report.parameters,
      metrics: report.metrics,
      samples: report.samples,
      dealValue: report.dealValue,
      trainedAt: at,
    })
    // A run marked failed meanwhile (as stale) stays failed: a late finish must not revive it.
    .where(and(eq(scoringModels.id, target.modelId), eq(scoringModels.status, "training")));
  // Only older versions retire: a training that ends after a newer one must not unseat it.
  const [self] = await ctx.db.select({ version: scoringModels.version }).from(scoringModels).where(eq(scoringModels.id, target.modelId));
  const trained = alias(scoringModels, "trained");
  const retire = ctx.db
    .update(scoringModels)
    .set({ status: "retired" })
    .where(
      and(
        eq(scoringModels.tenantId, target.tenantId),
        eq(scoringModels.testMode, target.testMode),
        eq(scoringModels.status, "active"),
        lt(scoringModels.version, self?.version ?? 0),
        // Only once this run's own record made it active, earlier in the batch.
        exists(
          ctx.db
            .select({ id: trained.id })
            .from(trained)
            .where(and(eq(trained.id, target.modelId), eq(trained.status, "active"))),
        ),
      ),
    );
  await (report.status === "active" ? ctx.db.batch([record, retire]) : record);
  return { status: report.status, reason: report.reason };
}

export async function listModels(ctx: TenantCtx): Promise<ScoringModel[]> {
  return ctx.db.select().from(scoringModels).where(ownedBy(scoringModels, ctx)).orderBy(desc(scoringModels.version));
}

export async function getModel(ctx: TenantCtx, modelId: string): Promise<ScoringModel> {
  const [model] = await ctx.db
    .select()
    .from(scoringModels)
    .where(and(ownedBy(scoringModels, ctx), eq(scoringModels.id, modelId)))
    .limit(1);
  if (!model) throw new ApiError("not_found", `Model ${modelId} does not exist`);
  return model;
}

/** New outcomes, since the last model was trained, that make training again worthwhile. */
export function retrainAfter(previouslyLabelled: number): number {
  return Math.max(100, Math.ceil(previouslyLabelled * 0.2));
}

/** Trains again at once (a model was demoted), unless a training is already under way. */
export async function retrainNow(ctx: TenantCtx): Promise<ScoringModel | null> {
  const [latest] = await ctx.db
    .select({ status: scoringModels.status, createdAt: scoringModels.createdAt })
    .from(scoringModels)
    .where(ownedBy(scoringModels, ctx))
    .orderBy(desc(scoringModels.version))
    .limit(1);
  return latest?.status === "training" && latest.createdAt >= staleBefore(ctx.now) ? null : startTraining(ctx);
}

/**
 * Trains again on its own once enough outcomes arrived: the first time a tenant has enough of
 * each class, then after `retrainAfter` new outcomes. Never while a training is under way; a
 * failed one, or one stale past an hour, does not count.
 */
export async function retrainIfDue(ctx: TenantCtx): Promise<ScoringModel | null> {
  const [labels] = await ctx.db
    .select({ labelled: count(), positives: sql<number>`coalesce(sum(${leads.converted}), 0)` })
    .from(leads)
    .where(and(ownedBy(leads, ctx), isNotNull(leads.outcomeAt)));
  const [latest] = await ctx.db
    .select()
    .from(scoringModels)
    .where(
      and(
        ownedBy(scoringModels, ctx),
        ne(scoringModels.status, "failed"),
        or(ne(scoringModels.status, "training"), gte(scoringModels.createdAt, staleBefore(ctx.now))),
      ),
    )
    .orderBy(desc(scoringModels.version))
    .limit(1);
  const { labelled = 0, positives = 0 } = labels ?? {};
  const { minOutcomesPerClass: minimum } = await tenantSettings(ctx);
  if (latest?.status === "training" || positives < minimum || labelled - positives < minimum) return null;
  const since = labelled - (latest?.samples?.labelled ?? 0);
  if (latest && since < retrainAfter(latest.samples?.labelled ?? 0)) return null;
  return startTraining(ctx);
}

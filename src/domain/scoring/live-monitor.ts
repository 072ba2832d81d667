import { and, asc, desc, eq, inArray, lt } from "drizzle-orm";
import type { LiveFigures, LiveMonitor } from "../../db/json/scoring";
import { type Lead, leadEvents, outboxEvents, type ScoringModel, scoringModels } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { TenantCtx } from "../context";
import { dispatchSoon } from "../webhooks/dispatch";
import { outboxEvent } from "../webhooks/outbox";
import { auc, brier, calibrationTable, logLoss } from "./metrics";

/**
 * Every outcome of a lead a trained model scored before the outcome existed is a live test of
 * that model. Each active model keeps the newest LIVE_WINDOW of them, with the prior's probability
 * for the same lead at the same moment, and is demoted when, with at least LIVE_MIN_PER_CLASS
 * outcomes of each class in the window, it ranks them worse than the prior does (live AUC below
 * the prior's). The previous good model, or else the prior, scores again, a `model.demoted`
 * event goes out and a training starts on the outcomes that include the new regime.
 */
export const LIVE_WINDOW = 500;
export const LIVE_MIN_PER_CLASS = 30;
export const DEMOTION_RULE =
  `demoted when, with at least ${LIVE_MIN_PER_CLASS} conversions and ${LIVE_MIN_PER_CLASS} non-conversions among ` +
  `the latest ${LIVE_WINDOW} outcomes, its live AUC is below the prior's on the same leads`;

export interface LiveObservation {
  modelId: string;
  model: number;
  prior: number;
  converted: 0 | 1;
}

/** The latest score of each lead that had no outcome until now (so it came before it), by the model that gave it. */
export async function liveObservations(ctx: TenantCtx, labelled: { lead: Lead; converted: 0 | 1 }[]): Promise<LiveObservation[]> {
  const first = labelled.filter(({ lead }) => lead.outcomeAt === null);
  const byLead = new Map(first.map((l) => [l.lead.id, l.converted]));
  const latest = new Map<string, Record<string, unknown>>();
  const ids = [...byLead.keys()];
  for (let i = 0; i < ids.length; i += 90) {
    const events = await ctx.db
      .select({ leadId: leadEvents.leadId, data: leadEvents.data })
      .from(leadEvents)
      .where(and(eq(leadEvents.tenantId, ctx.tenant.id), inArray(leadEvents.leadId, ids.slice(i, i + 90)), eq(leadEvents.type, "scored")))
      .orderBy(asc(leadEvents.createdAt));
    for (const event of events) if (event.leadId && event.data) latest.set(event.leadId, event.data);
  }
  return [...latest.entries()].flatMap(([leadId, data]) => {
    const model = data.model as { id?: string; kind?: string } | undefined;
    const [probability, prior] = [data.probability, data.prior_probability];
    if (model?.kind !== "logistic" || typeof probability !== "number" || typeof prior !== "number") return [];
    return [{ modelId: model.id!, model: probability, prior, converted: byLead.get(leadId)! }];
  });
}

function figures(probabilities: number[], labels: (0 | 1)[]): LiveFigures | null {
  if (labels.length === 0) return null;
  const area = auc(probabilities, labels);
  return { auc: Number.isNaN(area) ? null : area, brier: brier(probabilities, labels), log_loss: logLoss(probabilities, labels) };
}

/** The window with new outcomes appended (the oldest dropped past LIVE_WINDOW) and its figures. */
export function updateMonitor(monitor: LiveMonitor | null, observed: LiveObservation[], now: Date): LiveMonitor {
  const window = monitor?.window ?? { model: [], prior: [], converted: [] };
  const keep = (xs: number[], more: number[]) => [...xs, ...more].slice(-LIVE_WINDOW);
  const next = {
    model: keep(
      window.model,
      observed.map((o) => o.model),
    ),
    prior: keep(
      window.prior,
      observed.map((o) => o.prior),
    ),
    converted: keep(
      window.converted,
      observed.map((o) => o.converted),
    ) as (0 | 1)[],
  };
  return {
    window: next,
    outcomes: (monitor?.outcomes ?? 0) + observed.length,
    positives: next.converted.filter((y) => y === 1).length,
    model: figures(next.model, next.converted),
    prior: figures(next.prior, next.converted),
    calibration: calibrationTable(next.model, next.converted).map(({ bin, count, mean_predicted, observed_rate }) => ({
      bin,
      count,
      mean_predicted,
      observed_rate,
    })),
    updated_at: now.toISOString(),
  };
}

/** Why the live figures demote the model, or null while it holds up (or there are too few outcomes to tell). */
export function demotionReason(monitor: LiveMonitor): string | null {
  const positives = monitor.positives;
  const negatives = monitor.window.converted.length - positives;
  if (positives < LIVE_MIN_PER_CLASS || negatives < LIVE_MIN_PER_CLASS) return null;
  const [model, prior] = [monitor.model?.auc, monitor.prior?.auc];
  if (model == null || prior == null || model >= prior) return null;
  return `live AUC ${model.toFixed(3)} below the prior's ${prior.toFixed(3)} on the ${monitor.window.converted.length} latest outcomes`;
}

/**
 * Adds the observations to each active model's live window; demotes any whose figures fall below
 * the prior's, reactivating the newest earlier model that was retired rather than demoted.
 * Returns the models demoted.
 */
export async function watchLive(ctx: TenantCtx, observed: LiveObservation[]): Promise<ScoringModel[]> {
  const modelIds = [...new Set(observed.map((o) => o.modelId))];
  if (modelIds.length === 0) return [];
  const active = await ctx.db
    .select()
    .from(scoringModels)
    .where(and(ownedBy(scoringModels, ctx), inArray(scoringModels.id, modelIds), eq(scoringModels.status, "active")));
  const demoted: ScoringModel[] = [];
  for (const model of active) {
    const live = updateMonitor(
      model.live,
      observed.filter((o) => o.modelId === model.id),
      ctx.now,
    );
    const reason = demotionReason(live);
    const update = ctx.db
      .update(scoringModels)
      .set(reason ? { live, status: "demoted", reason } : { live })
      .where(eq(scoringModels.id, model.id));
    if (!reason) {
      await update;
      continue;
    }
    const [fallback] = await ctx.db
      .select()
      .from(scoringModels)
      .where(and(ownedBy(scoringModels, ctx), eq(scoringModels.status, "retired"), lt(scoringModels.version, model.version)))
      .orderBy(desc(scoringModels.version))
      .limit(1);
    const notice = outboxEvent(
      model,
      "model.demoted",
      {
        event: "model.demoted",
        timestamp: ctx.now.toISOString(),
        data: {
          model_id: model.id,
          version: model.version,
          reason,
          live: { outcomes: live.window.converted.length, positives: live.positives, model: live.model, prior: live.prior },
          fallback: fallback
            ? { id: fallback.id, version: fallback.version, kind: "logistic" }
            : { id: "model_prior", version: 1, kind: "prior" },
        },
      },
      ctx.now,
    );
    const insert = ctx.db.insert(outboxEvents).values(notice);
    if (fallback) {
      const reactivate = ctx.db.update(scoringModels).set({ status: "active" }).where(eq(scoringModels.id, fallback.id));
      await ctx.db.batch([update, reactivate, insert]);
    } else await ctx.db.batch([update, insert]);
    demoted.push({ ...model, live, status: "demoted", reason });
  }
  if (demoted.length > 0) dispatchSoon(ctx);
  return demoted;
}

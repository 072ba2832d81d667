import { z } from "@hono/zod-openapi";
import type { ScoringModel } from "../../../db/schema";
import { featureCount } from "../../../domain/scoring/figures";
import { DEMOTION_RULE, LIVE_WINDOW } from "../../../domain/scoring/live-monitor";
import type { Settings } from "../../../domain/scoring/settings";
import { successBody } from "../family";

const LiveFiguresSchema = z
  .object({
    auc: z.number().nullable().openapi({ description: "null while the window holds one class only", example: 0.71 }),
    brier: z.number().openapi({ example: 0.18 }),
    log_loss: z.number().openapi({ example: 0.55 }),
  })
  .openapi("LiveFigures");

const LiveSchema = z
  .object({
    window: z
      .number()
      .int()
      .openapi({ description: `Outcomes in the sliding window (at most ${LIVE_WINDOW})`, example: 500 }),
    positives: z.number().int().openapi({ description: "Conversions among them", example: 120 }),
    outcomes: z.number().int().openapi({ description: "Every such outcome since the model scored its first lead", example: 1800 }),
    model: LiveFiguresSchema.nullable(),
    prior: LiveFiguresSchema.nullable().openapi({ description: "The prior's figures on the same leads at the same moments" }),
    calibration: z.array(
      z.object({ bin: z.number().int(), count: z.number().int(), mean_predicted: z.number(), observed_rate: z.number() }),
    ),
    demotion_rule: z.string().openapi({ example: DEMOTION_RULE }),
    updated_at: z.string(),
  })
  .openapi("LiveModelFigures");

const ModelSchema = z
  .object({
    id: z.string().openapi({ example: "model_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    version: z.number().int(),
    kind: z.literal("logistic"),
    status: z.enum(["training", "active", "rejected", "failed", "retired", "demoted"]).openapi({
      description:
        "active: promoted (beat the prior and the model before it in rolling-origin validation); rejected: did not, " +
        "or too few outcomes; retired: replaced by a newer model; demoted: its live figures fell below the prior's",
    }),
    reason: z.string().nullable(),
    metrics: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({
        description:
          "Training figures: every rolling-origin fold's AUC, Brier score and log loss beside the prior's (and the " +
          "active model's on the leads it never saw), the pooled validation figures with a 10-bin calibration table, " +
          "and `calibration`: the base rate of the recent window the intercept is calibrated to",
      }),
    live: LiveSchema.nullable().openapi({
      description: "Live figures over the latest outcomes of leads this model scored before their outcome existed; null until one",
    }),
    samples: z.record(z.string(), z.number()).nullable(),
    deal_value: z.number().nullable(),
    features: z.number().int().nullable(),
    created_at: z.string(),
    trained_at: z.string().nullable(),
  })
  .openapi("ScoringModel");

export function renderModel(model: ScoringModel): z.infer<typeof ModelSchema> {
  return {
    id: model.id,
    version: model.version,
    kind: model.kind,
    status: model.status,
    reason: model.reason,
    metrics: model.metrics,
    live: model.live && {
      window: model.live.window.converted.length,
      positives: model.live.positives,
      outcomes: model.live.outcomes,
      model: model.live.model,
      prior: model.live.prior,
      calibration: model.live.calibration,
      demotion_rule: DEMOTION_RULE,
      updated_at: model.live.updated_at,
    },
    samples: model.samples,
    deal_value: model.dealValue,
    features: featureCount(model),
    created_at: model.createdAt,
    trained_at: model.trainedAt,
  };
}

const SettingsSchema = z
  .object({
    hot_threshold: z
      .number()
      .int()
      .min(1)
      .max(100)
      .openapi({ description: "Lowest score that is hot (default 90: the top decile, as the seed's lead.hot says)", example: 90 }),
    warm_threshold: z
      .number()
      .int()
      .min(0)
      .max(99)
      .openapi({ description: "Lowest score that is warm (default 50); below it is cold", example: 50 }),
    deal_value: z.number().openapi({
      description: "Expected deal value for predicted_revenue until a trained model has learned one from outcome values (default 25,000)",
      example: 25000,
    }),
    min_outcomes_per_class: z.number().int().openapi({
      description: "Conversions and non-conversions needed before a model of the tenant's own may replace the prior (default 50)",
      example: 50,
    }),
    updated_at: z.string().nullable(),
  })
  .openapi("ScoringSettings");

export const SettingsChange = z
  .object({
    hot_threshold: z.number().int().min(1).max(100).nullable().optional().openapi({ description: "null returns to the default (90)" }),
    warm_threshold: z.number().int().min(0).max(99).nullable().optional().openapi({ description: "null returns to the default (50)" }),
    deal_value: z.number().positive().nullable().optional().openapi({ description: "null returns to the default" }),
    min_outcomes_per_class: z
      .number()
      .int()
      .min(5)
      .max(100_000)
      .nullable()
      .optional()
      .openapi({ description: "null returns to the default" }),
  })
  .openapi("ScoringSettingsChange");

export function renderSettings(s: Settings): z.infer<typeof SettingsSchema> {
  return {
    hot_threshold: s.thresholds.hot,
    warm_threshold: s.thresholds.warm,
    deal_value: s.dealValue,
    min_outcomes_per_class: s.minOutcomesPerClass,
    updated_at: s.updatedAt,
  };
}

const TrainingStartedSchema = z.object({ id: z.string(), status: z.literal("training"), status_url: z.string() });

export function renderTrainingStarted(model: ScoringModel): z.infer<typeof TrainingStartedSchema> {
  return { id: model.id, status: "training", status_url: `/v1/models/${model.id}` };
}

export const SettingsResponse = successBody(SettingsSchema, "ScoringSettingsResponse");
export const SettingsUpdated = successBody(SettingsSchema, "ScoringSettingsUpdated");
export const TrainingStarted = successBody(TrainingStartedSchema, "TrainingStarted");
export const ModelList = successBody(z.array(ModelSchema), "ScoringModelList");
export const ModelResponse = successBody(ModelSchema, "ScoringModelResponse");

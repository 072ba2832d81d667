import { z } from "@hono/zod-openapi";
import type { ScoringModel } from "../../../db/schema";
import { featureCount } from "../../../domain/scoring/figures";
import type { Settings } from "../../../domain/scoring/settings";
import { successBody } from "../family";

const ModelSchema = z
  .object({
    id: z.string().openapi({ example: "model_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    version: z.number().int(),
    kind: z.literal("logistic"),
    status: z
      .enum(["training", "active", "rejected", "failed", "retired"])
      .openapi({ description: "active: promoted (beat the prior on the holdout); rejected: did not, or too few outcomes" }),
    reason: z.string().nullable(),
    metrics: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "Holdout AUC, Brier score, log loss and a 10-bin calibration table, beside the prior's" }),
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
    hot_threshold: z.number().int().min(1).max(100).optional(),
    warm_threshold: z.number().int().min(0).max(99).optional(),
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

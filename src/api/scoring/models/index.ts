import { createRoute, z } from "@hono/zod-openapi";
import type { ScoringModel } from "../../../db/schema";
import * as models from "../../../domain/scoring/models";
import { type Settings, tenantSettings, updateSettings } from "../../../domain/scoring/settings";
import { idParam, json } from "../../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../../platform/openapi-errors";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";

const ModelSchema = z
  .object({
    id: z.string().openapi({ example: "model_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    version: z.number().int(),
    kind: z.literal("logistic"),
    status: z.enum(["training", "active", "rejected", "failed", "retired"]).openapi({ description: "active: promoted (beat the prior on the holdout); rejected: did not, or too few outcomes" }),
    reason: z.string().nullable(),
    metrics: z.record(z.string(), z.unknown()).nullable().openapi({ description: "Holdout AUC, Brier score, log loss and a 10-bin calibration table, beside the prior's" }),
    samples: z.record(z.string(), z.number()).nullable(),
    deal_value: z.number().nullable(),
    features: z.number().int().nullable(),
    created_at: z.string(),
    trained_at: z.string().nullable(),
  })
  .openapi("ScoringModel");

function render(model: ScoringModel): z.infer<typeof ModelSchema> {
  const spec = (model.parameters as { spec?: { numeric: unknown[]; buckets: number } } | null)?.spec;
  return {
    id: model.id, version: model.version, kind: model.kind, status: model.status, reason: model.reason, metrics: model.metrics, samples: model.samples,
    deal_value: model.dealValue, features: spec ? spec.numeric.length * 2 + spec.buckets : null, created_at: model.createdAt, trained_at: model.trainedAt,
  };
}

const tags = ["Scoring"];
const security = [{ apiKey: [] }];
const errors = (...extra: number[]) => errorResponses("scoring", [...TENANT_ROUTE_ERRORS, ...extra]);
const success = <T extends z.ZodType>(data: T, name: string) => z.object({ status: z.literal("success"), data }).openapi(name);

const SettingsSchema = z
  .object({
    hot_threshold: z.number().int().min(1).max(100).openapi({ description: "Lowest score that is hot (default 90: the top decile, as the seed's lead.hot says)", example: 90 }),
    warm_threshold: z.number().int().min(0).max(99).openapi({ description: "Lowest score that is warm (default 50); below it is cold", example: 50 }),
    deal_value: z.number().openapi({ description: "Expected deal value for predicted_revenue until a trained model has learned one from outcome values (default 25,000)", example: 25000 }),
    min_outcomes_per_class: z.number().int().openapi({ description: "Conversions and non-conversions needed before a model of the tenant's own may replace the prior (default 50)", example: 50 }),
    updated_at: z.string().nullable(),
  })
  .openapi("ScoringSettings");

const SettingsChange = z
  .object({
    hot_threshold: z.number().int().min(1).max(100).optional(),
    warm_threshold: z.number().int().min(0).max(99).optional(),
    deal_value: z.number().positive().nullable().optional().openapi({ description: "null returns to the default" }),
    min_outcomes_per_class: z.number().int().min(5).max(100_000).nullable().optional().openapi({ description: "null returns to the default" }),
  })
  .openapi("ScoringSettingsChange");

function renderSettings(s: Settings): z.infer<typeof SettingsSchema> {
  return { hot_threshold: s.thresholds.hot, warm_threshold: s.thresholds.warm, deal_value: s.dealValue, min_outcomes_per_class: s.minOutcomesPerClass, updated_at: s.updatedAt };
}

const getSettings = createRoute({
  operationId: "getScoringSettings", method: "get", path: "/v1/models/settings", tags, security, summary: "The tenant's scoring settings",
  responses: { 200: { description: "The settings, defaults filled in", content: json(success(SettingsSchema, "ScoringSettingsResponse")) }, ...errors() },
});
const patchSettings = createRoute({
  operationId: "updateScoringSettings", method: "patch", path: "/v1/models/settings", tags, security, summary: "Change category thresholds, deal value or the outcomes needed to train",
  request: { body: { required: true, content: json(SettingsChange, { hot_threshold: 85, deal_value: 40000 }) } },
  responses: { 200: { description: "The settings now", content: json(success(SettingsSchema, "ScoringSettingsUpdated")) }, ...errors() },
});

const train = createRoute({
  operationId: "trainModel", method: "post", path: "/v1/models/train", tags, security,
  summary: "Train the tenant's scoring model from its outcomes",
  description: "Runs off the request path; poll status_url. Holds out the newest 25% of labelled leads by time, calibrates with Platt scaling, and promotes the model only if it beats the prior on the holdout.",
  responses: { 202: { description: "Training started", content: json(success(z.object({ id: z.string(), status: z.literal("training"), status_url: z.string() }), "TrainingStarted")) }, ...errors(422) },
});
const list = createRoute({
  operationId: "listModels", method: "get", path: "/v1/models", tags, security, summary: "The tenant's models with their training figures",
  responses: { 200: { description: "Models, newest first", content: json(success(z.array(ModelSchema), "ScoringModelList")) }, ...errors() },
});
const get = createRoute({
  operationId: "getModel", method: "get", path: "/v1/models/{id}", tags, security, summary: "A model with its training figures",
  request: { params: idParam("id", "model_01jd0x5v7k2m3n4p5q6r7s8t9v") },
  responses: { 200: { description: "The model", content: json(success(ModelSchema, "ScoringModelResponse")) }, ...errors(404) },
});

export const modelsRouter = createRouter()
  .openapi(getSettings, async (c) => c.json({ status: "success" as const, data: renderSettings(await tenantSettings(tenantCtxOf(c))) }, 200))
  .openapi(patchSettings, async (c) => c.json({ status: "success" as const, data: renderSettings(await updateSettings(tenantCtxOf(c), c.req.valid("json"))) }, 200))
  .openapi(train, async (c) => {
    const model = await models.startTraining(tenantCtxOf(c));
    return c.json({ status: "success" as const, data: { id: model.id, status: "training" as const, status_url: `/v1/models/${model.id}` } }, 202);
  })
  .openapi(list, async (c) => c.json({ status: "success" as const, data: (await models.listModels(tenantCtxOf(c))).map(render) }, 200))
  .openapi(get, async (c) => c.json({ status: "success" as const, data: render(await models.getModel(tenantCtxOf(c), c.req.valid("param").id)) }, 200));

import { createRoute, z } from "@hono/zod-openapi";
import type { ScoringModel } from "../../db/schema";
import * as models from "../../domain/scoring/models";
import { idParam, json } from "../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../platform/openapi-errors";
import { createRouter } from "../../platform/router";
import { tenantCtxOf } from "../context";

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
  .openapi(train, async (c) => {
    const model = await models.startTraining(tenantCtxOf(c));
    return c.json({ status: "success" as const, data: { id: model.id, status: "training" as const, status_url: `/v1/models/${model.id}` } }, 202);
  })
  .openapi(list, async (c) => c.json({ status: "success" as const, data: (await models.listModels(tenantCtxOf(c))).map(render) }, 200))
  .openapi(get, async (c) => c.json({ status: "success" as const, data: render(await models.getModel(tenantCtxOf(c), c.req.valid("param").id)) }, 200));

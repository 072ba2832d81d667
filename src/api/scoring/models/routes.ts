import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { ModelList, ModelResponse, SettingsChange, SettingsResponse, SettingsUpdated, TrainingStarted } from "./schemas";

const tags = ["Scoring"];

export const getScoringSettings = createRoute({
  operationId: "getScoringSettings",
  method: "get",
  path: "/v1/models/settings",
  tags,
  security,
  summary: "The tenant's scoring settings",
  responses: { 200: { description: "The settings, defaults filled in", content: json(SettingsResponse) }, ...errors() },
});

export const updateScoringSettings = createRoute({
  operationId: "updateScoringSettings",
  method: "patch",
  path: "/v1/models/settings",
  tags,
  security,
  summary: "Change category thresholds, deal value or the outcomes needed to train",
  request: { body: { required: true, content: json(SettingsChange, { hot_threshold: 85, deal_value: 40000 }) } },
  responses: { 200: { description: "The settings now", content: json(SettingsUpdated) }, ...errors() },
});

export const trainModel = createRoute({
  operationId: "trainModel",
  method: "post",
  path: "/v1/models/train",
  tags,
  security,
  summary: "Train the tenant's scoring model from its outcomes",
  description:
    "Runs off the request path; poll status_url. Validates on 4 rolling-origin folds (each trained on every labelled " +
    "lead before the newest 10% slices), fits on all labelled leads, recalibrates the intercept to the base rate of " +
    "the newest 10%, and promotes the model only if it beats the prior and the active model on the newest fold and " +
    "over the folds weighted by recency.",
  responses: { 202: { description: "Training started", content: json(TrainingStarted) }, ...errors(422) },
});

export const listModels = createRoute({
  operationId: "listModels",
  method: "get",
  path: "/v1/models",
  tags,
  security,
  summary: "The tenant's models with their training figures",
  responses: { 200: { description: "Models, newest first", content: json(ModelList) }, ...errors() },
});

export const getModel = createRoute({
  operationId: "getModel",
  method: "get",
  path: "/v1/models/{id}",
  tags,
  security,
  summary: "A model with its training figures and its live figures",
  request: { params: idParam("id", "model_01jd0x5v7k2m3n4p5q6r7s8t9v") },
  responses: { 200: { description: "The model", content: json(ModelResponse) }, ...errors(404) },
});

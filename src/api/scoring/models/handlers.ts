import * as models from "../../../domain/scoring/models";
import { tenantSettings, updateSettings } from "../../../domain/scoring/settings";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderModel, renderSettings, renderTrainingStarted } from "./schemas";

export const getScoringSettings: AppRouteHandler<typeof routes.getScoringSettings> = async (c) => {
  return c.json(ok(renderSettings(await tenantSettings(tenantCtxOf(c)))), 200);
};

export const updateScoringSettings: AppRouteHandler<typeof routes.updateScoringSettings> = async (c) => {
  return c.json(ok(renderSettings(await updateSettings(tenantCtxOf(c), c.req.valid("json")))), 200);
};

export const trainModel: AppRouteHandler<typeof routes.trainModel> = async (c) => {
  return c.json(ok(renderTrainingStarted(await models.startTraining(tenantCtxOf(c)))), 202);
};

export const listModels: AppRouteHandler<typeof routes.listModels> = async (c) => {
  return c.json(ok((await models.listModels(tenantCtxOf(c))).map(renderModel)), 200);
};

export const getModel: AppRouteHandler<typeof routes.getModel> = async (c) => {
  return c.json(ok(renderModel(await models.getModel(tenantCtxOf(c), c.req.valid("param").id))), 200);
};

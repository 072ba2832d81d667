import * as forms from "../../../domain/forms/forms";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import type * as routes from "./routes";
import { renderForm } from "./schemas";

const origin = (url: string) => new URL(url).origin;

export const createForm: AppRouteHandler<typeof routes.createForm> = async (c) => {
  const form = await forms.createForm(tenantCtxOf(c), c.req.valid("json"));
  return c.json(renderForm(form, origin(c.req.url)), 201);
};

export const listForms: AppRouteHandler<typeof routes.listForms> = async (c) => {
  const list = await forms.listForms(tenantCtxOf(c));
  return c.json({ forms: list.map((f) => renderForm(f, origin(c.req.url))) }, 200);
};

export const getForm: AppRouteHandler<typeof routes.getForm> = async (c) => {
  const form = await forms.getForm(tenantCtxOf(c), c.req.valid("param").form_id);
  return c.json(renderForm(form, origin(c.req.url)), 200);
};

export const updateForm: AppRouteHandler<typeof routes.updateForm> = async (c) => {
  const form = await forms.updateForm(tenantCtxOf(c), c.req.valid("param").form_id, c.req.valid("json"), origin(c.req.url));
  return c.json(renderForm(form, origin(c.req.url)), 200);
};

export const deleteForm: AppRouteHandler<typeof routes.deleteForm> = async (c) => {
  const { form_id } = c.req.valid("param");
  await forms.deleteForm(tenantCtxOf(c), form_id);
  return c.json({ id: form_id, deleted: true as const }, 200);
};

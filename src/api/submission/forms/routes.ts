import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { FormDeleted, FormInput, FormList, FormSchema } from "./schemas";

const tags = ["Forms"];
const params = idParam("form_id", "pk_01jd0x5v7k2m3n4p5q6r7s8t9v");

export const createForm = createRoute({
  operationId: "createForm",
  method: "post",
  path: "/api/v1/forms",
  tags,
  security,
  summary: "Create a public form for a flow",
  request: { body: { required: true, content: json(FormInput) } },
  responses: { 201: { description: "The form", content: json(FormSchema) }, ...errors(404, 422) },
});

export const listForms = createRoute({
  operationId: "listForms",
  method: "get",
  path: "/api/v1/forms",
  tags,
  security,
  summary: "List forms",
  responses: { 200: { description: "Forms", content: json(FormList) }, ...errors() },
});

export const getForm = createRoute({
  operationId: "getForm",
  method: "get",
  path: "/api/v1/forms/{form_id}",
  tags,
  security,
  summary: "Get a form",
  request: { params },
  responses: { 200: { description: "The form", content: json(FormSchema) }, ...errors(404) },
});

export const updateForm = createRoute({
  operationId: "updateForm",
  method: "patch",
  path: "/api/v1/forms/{form_id}",
  tags,
  security,
  summary: "Change a form",
  request: { params, body: { required: true, content: json(FormInput.partial()) } },
  responses: { 200: { description: "The form", content: json(FormSchema) }, ...errors(404) },
});

export const deleteForm = createRoute({
  operationId: "deleteForm",
  method: "delete",
  path: "/api/v1/forms/{form_id}",
  tags,
  security,
  summary: "Delete a form",
  description:
    "Refused (409, naming the page) while a published landing page posts to the form: unpublish the page or link it to another form first.",
  request: { params },
  responses: { 200: { description: "Deleted", content: json(FormDeleted) }, ...errors(404, 409) },
});

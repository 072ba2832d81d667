import { createRoute, z } from "@hono/zod-openapi";
import type { Form } from "../../../db/schema";
import * as forms from "../../../domain/forms/forms";
import { idParam, json } from "../../../platform/envelopes";
import { errorResponses, TENANT_ROUTE_ERRORS } from "../../../platform/openapi-errors";
import { createRouter } from "../../../platform/router";
import { tenantCtxOf } from "../../context";

const FormInput = z
  .object({
    flow_id: z.string().max(64).openapi({ example: "flow_789xyz" }),
    name: z.string().trim().min(1).max(200).openapi({ example: "Spring webinar sign-up" }),
    allowed_origins: z.array(z.url().transform((u) => new URL(u).origin)).max(50).optional().openapi({ description: "Pages allowed to post (CORS); empty: any", example: ["https://www.acme.example"] }),
    redirect_url: z.url().max(2048).nullable().optional().openapi({ description: "Thank-you page for HTML form posts (303)", example: "https://www.acme.example/thanks" }),
    honeypot_field: z.string().min(1).max(64).optional().openapi({ description: "A hidden input that people leave empty (default: website)", example: "website" }),
    require_turnstile: z.boolean().optional().openapi({ description: "Check the Cloudflare Turnstile token (cf-turnstile-response) with TURNSTILE_SECRET" }),
    field_mapping: z.record(z.string(), z.string()).optional().openapi({ description: "Form input name -> lead field", example: { fname: "first_name", mail: "email" } }),
    enabled: z.boolean().optional(),
  })
  .openapi("FormInput");

const FormSchema = z
  .object({
    id: z.string().openapi({ description: "The publishable key: put it in pages; it can only submit to this form", example: "pk_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    publishable_key: z.string(),
    post_url: z.string().openapi({ example: "https://leadedge.example/f/pk_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    flow_id: z.string(),
    name: z.string(),
    allowed_origins: z.array(z.string()),
    redirect_url: z.string().nullable(),
    honeypot_field: z.string(),
    require_turnstile: z.boolean(),
    field_mapping: z.record(z.string(), z.string()),
    enabled: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Form");

function render(form: Form, origin: string): z.infer<typeof FormSchema> {
  return {
    id: form.id, publishable_key: form.id, post_url: `${origin}/f/${form.id}`, flow_id: form.flowId, name: form.name, allowed_origins: form.allowedOrigins,
    redirect_url: form.redirectUrl, honeypot_field: form.honeypotField, require_turnstile: form.requireTurnstile, field_mapping: form.fieldMapping, enabled: form.enabled,
    created_at: form.createdAt, updated_at: form.updatedAt,
  };
}

const tags = ["Forms"];
const security = [{ apiKey: [] }];
const params = idParam("form_id", "pk_01jd0x5v7k2m3n4p5q6r7s8t9v");
const errors = (...extra: number[]) => errorResponses("submission", [...TENANT_ROUTE_ERRORS, ...extra]);

const create = createRoute({ operationId: "createForm", method: "post", path: "/api/v1/forms", tags, security, summary: "Create a public form for a flow", request: { body: { required: true, content: json(FormInput) } }, responses: { 201: { description: "The form", content: json(FormSchema) }, ...errors(404, 422) } });
const list = createRoute({ operationId: "listForms", method: "get", path: "/api/v1/forms", tags, security, summary: "List forms", responses: { 200: { description: "Forms", content: json(z.object({ forms: z.array(FormSchema) }).openapi("FormList")) }, ...errors() } });
const get = createRoute({ operationId: "getForm", method: "get", path: "/api/v1/forms/{form_id}", tags, security, summary: "Get a form", request: { params }, responses: { 200: { description: "The form", content: json(FormSchema) }, ...errors(404) } });
const update = createRoute({ operationId: "updateForm", method: "patch", path: "/api/v1/forms/{form_id}", tags, security, summary: "Change a form", request: { params, body: { required: true, content: json(FormInput.partial()) } }, responses: { 200: { description: "The form", content: json(FormSchema) }, ...errors(404) } });
const remove = createRoute({ operationId: "deleteForm", method: "delete", path: "/api/v1/forms/{form_id}", tags, security, summary: "Delete a form", request: { params }, responses: { 200: { description: "Deleted", content: json(z.object({ id: z.string(), deleted: z.literal(true) })) }, ...errors(404) } });

const origin = (url: string) => new URL(url).origin;

export const formsRouter = createRouter()
  .openapi(create, async (c) => c.json(render(await forms.createForm(tenantCtxOf(c), c.req.valid("json")), origin(c.req.url)), 201))
  .openapi(list, async (c) => c.json({ forms: (await forms.listForms(tenantCtxOf(c))).map((f) => render(f, origin(c.req.url))) }, 200))
  .openapi(get, async (c) => c.json(render(await forms.getForm(tenantCtxOf(c), c.req.valid("param").form_id), origin(c.req.url)), 200))
  .openapi(update, async (c) => c.json(render(await forms.updateForm(tenantCtxOf(c), c.req.valid("param").form_id, c.req.valid("json")), origin(c.req.url)), 200))
  .openapi(remove, async (c) => {
    const { form_id } = c.req.valid("param");
    await forms.deleteForm(tenantCtxOf(c), form_id);
    return c.json({ id: form_id, deleted: true as const }, 200);
  });

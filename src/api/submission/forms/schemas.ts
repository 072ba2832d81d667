import { z } from "@hono/zod-openapi";
import type { Form } from "../../../db/schema";

export const FormInput = z
  .object({
    flow_id: z.string().max(64).openapi({ example: "flow_789xyz" }),
    name: z.string().trim().min(1).max(200).openapi({ example: "Spring webinar sign-up" }),
    allowed_origins: z
      .array(z.url().transform((u) => new URL(u).origin))
      .max(50)
      .optional()
      .openapi({ description: "Pages allowed to post (CORS); empty: any", example: ["https://www.acme.example"] }),
    redirect_url: z
      .url()
      .max(2048)
      .nullable()
      .optional()
      .openapi({ description: "Thank-you page for HTML form posts (303)", example: "https://www.acme.example/thanks" }),
    honeypot_field: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "A hidden input that people leave empty (default: website)", example: "website" }),
    require_turnstile: z
      .boolean()
      .optional()
      .openapi({ description: "Check the Cloudflare Turnstile token (cf-turnstile-response) with TURNSTILE_SECRET" }),
    field_mapping: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: "Form input name -> lead field", example: { fname: "first_name", mail: "email" } }),
    enabled: z.boolean().optional(),
  })
  .openapi("FormInput");

export const FormSchema = z
  .object({
    id: z.string().openapi({
      description: "The publishable key: put it in pages; it can only submit to this form",
      example: "pk_01jd0x5v7k2m3n4p5q6r7s8t9v",
    }),
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

export function renderForm(form: Form, origin: string): z.infer<typeof FormSchema> {
  return {
    id: form.id,
    publishable_key: form.id,
    post_url: `${origin}/f/${form.id}`,
    flow_id: form.flowId,
    name: form.name,
    allowed_origins: form.allowedOrigins,
    redirect_url: form.redirectUrl,
    honeypot_field: form.honeypotField,
    require_turnstile: form.requireTurnstile,
    field_mapping: form.fieldMapping,
    enabled: form.enabled,
    created_at: form.createdAt,
    updated_at: form.updatedAt,
  };
}

export const FormList = z.object({ forms: z.array(FormSchema) }).openapi("FormList");
export const FormDeleted = z.object({ id: z.string(), deleted: z.literal(true) });

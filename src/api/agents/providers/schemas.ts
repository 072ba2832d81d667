import { z } from "@hono/zod-openapi";
import type { ProspectProvider } from "../../../db/schema";
import { POOL_FIELDS } from "../../../domain/lead-generation/providers";

export const ProviderInput = z
  .object({
    name: z.string().min(1).max(100).openapi({ example: "Acme data vendor" }),
    url: z.url().openapi({
      description: "Asked with POST {command_id, profile, search_parameters, limit}; answers {prospects: [...]}",
      example: "https://data.vendor.example/leadedge/search",
    }),
    auth_header: z
      .object({ name: z.string().min(1).max(100), value: z.string().min(1).max(2000) })
      .nullable()
      .optional()
      .openapi({
        description: "Sent on every call; the value is never shown again",
        example: { name: "Authorization", value: "Bearer vendor-token" },
      }),
    field_mapping: z
      .record(z.string(), z.enum(POOL_FIELDS))
      .optional()
      .openapi({
        description: "Provider field -> prospect field, for answers in the provider's own words",
        example: { company_name: "company", work_email: "email", job_title: "title" },
      }),
    enabled: z.boolean().optional(),
  })
  .openapi("ProspectProviderInput");

export const Provider = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    auth_header: z.object({ name: z.string(), value: z.literal("********") }).nullable(),
    field_mapping: z.record(z.string(), z.string()),
    enabled: z.boolean(),
    last_error: z.string().nullable().openapi({ description: "How the last call failed; null after a success" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("ProspectProvider");

export function renderProvider(p: ProspectProvider): z.infer<typeof Provider> {
  return {
    id: p.id,
    name: p.name,
    url: p.url,
    auth_header: p.authHeaderName ? { name: p.authHeaderName, value: "********" } : null,
    field_mapping: p.fieldMapping,
    enabled: p.enabled,
    last_error: p.lastError,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

const one = (name: string) => z.object({ success: z.literal(true), data: Provider }).openapi(name);
export const ProviderCreated = one("ProspectProviderCreated");
export const ProviderResponse = one("ProspectProviderResponse");
export const ProviderUpdated = one("ProspectProviderUpdated");
export const ProviderList = z.object({ success: z.literal(true), data: z.array(Provider) }).openapi("ProspectProviderList");
export const ProviderChange = ProviderInput.partial().openapi("ProspectProviderChange");
export const ProviderDeleted = z
  .object({ success: z.literal(true), data: z.object({ id: z.string(), deleted: z.literal(true) }) })
  .openapi("ProspectProviderDeleted");

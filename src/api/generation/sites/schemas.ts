import { z } from "@hono/zod-openapi";
import type { Site } from "../../../db/schema";
import { callerId, successEnvelope } from "../../../platform/envelopes";

const url = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .openapi({ example: "https://acme-automation.example" });

const fields = { name: z.string().trim().min(1).max(200).openapi({ example: "Acme Automation" }), url };
export const SiteCreate = z.object({ id: callerId("site_456abc").optional(), ...fields }).openapi("SiteCreate");
export const SiteUpdate = z.object(fields).partial().openapi("SiteUpdate");

export const SiteSchema = z
  .object({
    id: z.string().openapi({ example: "site_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    name: z.string().openapi({ example: "Acme Automation" }),
    url: z.string().openapi({ example: "https://acme-automation.example" }),
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
  })
  .openapi("Site");

export const SiteResponse = successEnvelope(SiteSchema, "SiteResponse");
export const SiteListResponse = successEnvelope(z.array(SiteSchema), "SiteListResponse");

export function renderSite(site: Site): z.infer<typeof SiteSchema> {
  return { id: site.id, name: site.name, url: site.url, created_at: site.createdAt, updated_at: site.updatedAt };
}

import { z } from "@hono/zod-openapi";

export const PageParams = z.object({
  tenant_slug: z
    .string()
    .max(64)
    .openapi({ param: { name: "tenant_slug", in: "path" }, example: "acme-corp" }),
  slug: z
    .string()
    .max(80)
    .openapi({ param: { name: "slug", in: "path" }, example: "product-demo-webinar" }),
});

export const PageHtml = z.string();

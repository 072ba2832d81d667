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
export const NotFoundPage = z.string().openapi({ description: "A page that says so, for a browser" });

/** The quality `accept` gives `type`: by its own entry, else its family's range (text/…), else the range of all types; 0 when none. */
function qualityOf(accept: string, type: string): number {
  const ranges = accept.split(",").map((entry) => {
    const [range = "", ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    return { range, q: q ? Number(q.slice(2)) : 1 };
  });
  const [family] = type.split("/");
  for (const range of [type, `${family}/*`, "*/*"]) {
    const found = ranges.find((r) => r.range === range);
    if (found) return Number.isFinite(found.q) ? found.q : 0;
  }
  return 0;
}

/** Whether the caller's Accept ranks HTML above JSON, as a browser's does; API callers and a bare Accept get JSON. */
export const prefersHtml = (accept: string | undefined) =>
  accept !== undefined && qualityOf(accept, "text/html") > qualityOf(accept, "application/json");

export const notFoundPage = () =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Page not found</title>' +
  "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}</style>" +
  "</head><body><h1>Page not found</h1><p>This page does not exist or is no longer published.</p></body></html>";

import { z } from "@hono/zod-openapi";

/** `{ success: true, data, message }`: the generation & config family's success body. */
export function successEnvelope<T extends z.ZodType>(data: T, name: string) {
  return z.object({ success: z.literal(true), data, message: z.string().optional().openapi({ example: "Site created" }) }).openapi(name);
}

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "At most 200", example: 50 }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ example: 0 }),
});

export const json = <T>(schema: T, example?: unknown) => ({ "application/json": example === undefined ? { schema } : { schema, example } });

export function idParam<K extends string>(name: K, example: string) {
  const shape = {
    [name]: z
      .string()
      .max(64)
      .openapi({ param: { name, in: "path" }, example }),
  } as Record<K, z.ZodString>;
  return z.object(shape);
}

/**
 * An id the caller chooses for a new resource (a client migrating from another system keeps its
 * ids): 1-64 letters, digits, "_" or "-", starting with a letter or digit; unique per tenant and mode.
 */
export const callerId = (example: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "1-64 letters, digits, _ or -, starting with a letter or digit")
    .openapi({ description: "Optional: your own id, unique per tenant (and mode); generated when left out", example });

export const DeletedResponse = successEnvelope(z.object({ id: z.string(), deleted: z.literal(true) }), "DeletedResponse");

/** The page envelope the lead-generation seed shows: `{ total, page, per_page, total_pages }`. */
export const PageInfo = z.object({
  total: z.number().int(),
  page: z.number().int(),
  per_page: z.number().int(),
  total_pages: z.number().int(),
});

export const pageInfo = (total: number, page: number, perPage: number): z.infer<typeof PageInfo> => ({
  total,
  page,
  per_page: perPage,
  total_pages: Math.ceil(total / perPage),
});

import { z } from "@hono/zod-openapi";

export const TokenParams = z.object({
  token: z
    .string()
    .max(128)
    .openapi({
      param: { name: "token", in: "path" },
      description: "Signed by Leadedge; names one message (and, for clicks, one of its links)",
    }),
});

/**
 * The pixel's token: any text, because an image request gets an image whatever it asks for (a
 * token that is too long, malformed or forged simply verifies as nothing).
 */
export const PixelParams = z.object({
  token: z.string().openapi({
    param: { name: "token", in: "path" },
    description: "Signed by Leadedge; names one message. Anything else still answers the GIF and records nothing",
  }),
});

export const Html = z.string();
export const Gif = z.string().openapi({ format: "binary" });

/** The smallest transparent GIF (1×1), what mail clients expect from a tracking pixel. */
export const PIXEL = Uint8Array.from(atob("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"), (c) => c.charCodeAt(0));
